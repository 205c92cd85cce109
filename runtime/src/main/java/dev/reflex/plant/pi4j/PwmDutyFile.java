package dev.reflex.plant.pi4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code duty_cycle} attribute of one sysfs PWM channel, kept open and written in nanoseconds.
 *
 * <p>Why not Pi4J: Pi4J 3.0.4's {@code Pwm} takes the duty cycle as an integer percent (1 % steps),
 * and its linuxfs provider applies every change by disabling the channel, rewriting period and duty
 * and enabling it again, through {@code Files.writeString} on a fresh {@code Path} each time. The
 * finest duty Pi4J itself offers is the linuxfs plugin's internal {@code LinuxPwm.dutyCycle(long
 * ns)} (nanoseconds, but it opens the file per call and allocates). This class writes the same
 * attribute the same way the kernel expects (decimal ASCII, a newline) through one open channel,
 * with no allocation; Pi4J still exports, configures and enables the channel.
 *
 * <p>Real-time: {@link #writeNs} is allocation-free, no locks; one {@code pwrite} per call.
 * Threading: {@link #writeNs} on the control thread; {@link #writeZero} from any thread (it has its
 * own buffer and is serialised with itself).
 */
final class PwmDutyFile implements AutoCloseable {

  private final FileChannel channel;
  private final ByteBuffer digits = ByteBuffer.allocateDirect(24);
  private final ByteBuffer zero = ByteBuffer.allocateDirect(2);
  private final Path path;

  /**
   * Opens the attribute for writing.
   *
   * @throws UncheckedIOException naming the file when it cannot be opened
   */
  PwmDutyFile(Path dutyCycleFile) {
    this.path = dutyCycleFile;
    try {
      this.channel = FileChannel.open(dutyCycleFile, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open PWM duty file " + dutyCycleFile, e);
    }
    zero.put((byte) '0').put((byte) '\n').flip();
  }

  /**
   * Writes {@code dutyNs} as the channel's active time.
   *
   * @return true when the kernel accepted it
   */
  boolean writeNs(long dutyNs) {
    ByteBuffer buffer = digits;
    buffer.clear();
    // decimal digits, most significant first, then the newline sysfs expects
    long divisor = 1;
    while (dutyNs / divisor >= 10) {
      divisor *= 10;
    }
    for (; divisor > 0; divisor /= 10) {
      buffer.put((byte) ('0' + (dutyNs / divisor) % 10));
    }
    buffer.put((byte) '\n').flip();
    return writeFully(buffer);
  }

  /** Writes a zero duty (the safe value). */
  synchronized boolean writeZero() {
    zero.rewind();
    return writeFully(zero);
  }

  private boolean writeFully(ByteBuffer buffer) {
    try {
      int length = buffer.remaining();
      return channel.write(buffer, 0) == length;
    } catch (IOException e) {
      return false;
    }
  }

  /** Reads a decimal sysfs attribute beside the duty file (e.g. {@code period}). Not real-time. */
  long readSibling(String name) {
    Path file = path.resolveSibling(name);
    try {
      return Long.parseLong(Files.readString(file).trim());
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read PWM attribute " + file + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
