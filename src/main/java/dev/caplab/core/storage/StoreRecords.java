package dev.caplab.core.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encoding of the store's log records. Stateless, so thread-safe.
 *
 * <p>{@code PUT(1): key, value, long counter, nodeId} and {@code META(2): name, value}, big-endian
 * as DataOutput writes them. Strings are an int byte count plus UTF-8 bytes (not writeUTF, whose
 * modified UTF-8 caps at 64 KiB and rewrites NUL).
 */
final class StoreRecords {

  private static final byte PUT = 1;
  private static final byte META = 2;

  /** Receives decoded records. */
  interface Handler {
    void put(String key, Versioned value);

    void meta(String name, String value);
  }

  private StoreRecords() {}

  static byte[] put(String key, Versioned value) {
    byte[] keyBytes = utf8(key);
    byte[] valueBytes = utf8(value.value());
    byte[] nodeBytes = utf8(value.version().nodeId());
    ByteBuffer buffer =
        ByteBuffer.allocate(
            1 + 4 + keyBytes.length + 4 + valueBytes.length + 8 + 4 + nodeBytes.length);
    buffer.put(PUT);
    putBytes(buffer, keyBytes);
    putBytes(buffer, valueBytes);
    buffer.putLong(value.version().counter());
    putBytes(buffer, nodeBytes);
    return buffer.array();
  }

  static byte[] meta(String name, String value) {
    byte[] nameBytes = utf8(name);
    byte[] valueBytes = utf8(value);
    ByteBuffer buffer = ByteBuffer.allocate(1 + 4 + nameBytes.length + 4 + valueBytes.length);
    buffer.put(META);
    putBytes(buffer, nameBytes);
    putBytes(buffer, valueBytes);
    return buffer.array();
  }

  /** Decodes one record; throws UncheckedIOException for a record this version cannot read. */
  static void decode(byte[] record, Handler handler) {
    ByteBuffer in = ByteBuffer.wrap(record);
    try {
      byte type = in.get();
      switch (type) {
        case PUT -> {
          String key = getString(in);
          String value = getString(in);
          long counter = in.getLong();
          handler.put(key, new Versioned(value, new Version(counter, getString(in))));
        }
        case META -> handler.meta(getString(in), getString(in));
        default -> throw new IOException("unknown store record type " + type);
      }
      if (in.hasRemaining()) {
        throw new IOException("store record has " + in.remaining() + " trailing bytes");
      }
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new UncheckedIOException(new IOException("malformed store record", e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void putBytes(ByteBuffer buffer, byte[] bytes) {
    buffer.putInt(bytes.length).put(bytes);
  }

  private static String getString(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("string length " + length + " exceeds record");
    }
    String text = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return text;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
