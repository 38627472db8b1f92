package org.maproom.platform;

/**
 * Marker for every command, event, reply and state that Pekko may persist or send between nodes: bound to the
 * Jackson serializer in reference.conf, so nothing ever falls back to Java serialization.
 */
public interface JsonSerializable {}
