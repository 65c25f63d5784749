package io.watchword.example.rest;

/** The body of {@code POST /orders}. */
public record NewOrder(String item, Integer quantity) {}
