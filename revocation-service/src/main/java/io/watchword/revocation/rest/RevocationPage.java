package io.watchword.revocation.rest;

import io.watchword.revocation.service.Revocation;
import java.util.List;

/** One page of revocations, newest first; pass {@code nextCursor} as {@code cursor} for the next. */
public record RevocationPage(List<Revocation> items, String nextCursor) {}
