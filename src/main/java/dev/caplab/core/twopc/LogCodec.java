package dev.caplab.core.twopc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Byte encoding of the transaction logs' records: big-endian DataOutput, strings as length + UTF-8.
 * Stateless.
 */
final class LogCodec {

  private LogCodec() {}

  /** Builds one record. */
  static final class Writer {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    private final DataOutputStream out = new DataOutputStream(bytes);

    Writer(byte type) {
      write(() -> out.writeByte(type));
    }

    Writer longValue(long value) {
      write(() -> out.writeLong(value));
      return this;
    }

    Writer string(String value) {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      write(
          () -> {
            out.writeInt(utf8.length);
            out.write(utf8);
          });
      return this;
    }

    byte[] bytes() {
      return bytes.toByteArray();
    }

    private void write(IoAction action) {
      try {
        action.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e); // cannot happen on a byte array
      }
    }
  }

  /**
   * Reads one record; a malformed one throws UncheckedIOException, which the log treats as corrupt.
   */
  static final class Reader {
    private final DataInputStream in;

    Reader(byte[] record) {
      this.in = new DataInputStream(new ByteArrayInputStream(record));
    }

    byte type() {
      return read(in::readByte);
    }

    long longValue() {
      return read(in::readLong);
    }

    String string() {
      return read(
          () -> {
            int length = in.readInt();
            if (length < 0 || length > in.available()) {
              throw new IOException("bad string length " + length);
            }
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
          });
    }

    private <T> T read(IoSupplier<T> supplier) {
      try {
        return supplier.get();
      } catch (IOException e) {
        throw new UncheckedIOException("malformed transaction log record", e);
      }
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private interface IoSupplier<T> {
    T get() throws IOException;
  }
}
