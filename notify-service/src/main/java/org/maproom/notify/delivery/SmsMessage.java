package org.maproom.notify.delivery;

/** One text to send: {@code sendKey} names it uniquely ({@code campaign:subscriber}); {@code to} is E.164. */
public record SmsMessage(String sendKey, String campaignId, String subscriberId, String to, String body) {}
