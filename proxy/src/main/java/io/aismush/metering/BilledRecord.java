package io.aismush.metering;

/** A request record with its bill, as the stores and metrics receive it. */
public record BilledRecord(RequestRecord record, Bill bill) {}
