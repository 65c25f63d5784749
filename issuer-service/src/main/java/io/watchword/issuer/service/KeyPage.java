package io.watchword.issuer.service;

import io.watchword.issuer.credential.StoredCredential;
import java.util.List;

/** One page of keys and the cursor of the next page (null on the last page). */
public record KeyPage(List<StoredCredential> items, String nextCursor) {}
