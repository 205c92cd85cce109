package dev.reflex.plant.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.plant.PlantStatus;
import dev.reflex.plant.pi4j.Ads1115.DataRate;
import dev.reflex.plant.pi4j.Ads1115.Input;
import dev.reflex.plant.pi4j.Ads1115.Pga;
import dev.reflex.plant.pi4j.Mpu6050.AccelRange;
import dev.reflex.plant.pi4j.Mpu6050.Axis;
import dev.reflex.plant.pi4j.Mpu6050.GyroRange;
import dev.reflex.testing.Allocations;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The FFM I2C transport through real downcalls: libc's {@code open} and {@code ioctl} on /dev/null
 * (the ioctl fails with ENOTTY, as on any file that is no I2C adapter), and, for the register
 * behaviour, an upcall stub in place of {@code ioctl} that decodes the {@code i2c_msg} structs at
 * the kernel's own offsets and plays them against a chip emulation.
 */
class FfmI2cDeviceTest {

  /**
   * The errno of {@code ioctl(I2C_RDWR)} on /dev/null: ENOTTY (25) from a Linux kernel. Under
   * qemu-user (bin/test-board) the emulator does not forward ioctls it has no translation for and
   * answers ENOSYS (38) itself; the board stage says so with {@code -Dreflex.test.ioctlErrno=38}.
   */
  private static final int IOCTL_ERRNO = Integer.getInteger("reflex.test.ioctlErrno", 25);

  private static final int EREMOTEIO = 121;
  private static final Linker LINKER = Linker.nativeLinker();

  /** The chip the fake kernel talks to, and its address. */
  private static EmulatedI2cChip chip;

  private static int chipAddress;
  private static int lastRequest;

  @AfterEach
  void forgetChip() {
    chip = null;
  }

  @Test
  void shouldLayOutTheStructsAsTheKernelsI2cDevHeaderOnA64BitLinux() {
    // linux/i2c.h: struct i2c_msg { __u16 addr; __u16 flags; __u16 len; __u8 *buf; }
    assertEquals(8, ValueLayout.ADDRESS.byteSize(), "64-bit ABI (Pi OS arm64, Jetson, x86-64)");
    assertEquals(16, FfmI2cDevice.I2C_MSG.byteSize());
    assertEquals(8, FfmI2cDevice.I2C_MSG.byteAlignment());
    assertEquals(0, FfmI2cDevice.ADDR);
    assertEquals(2, FfmI2cDevice.FLAGS);
    assertEquals(4, FfmI2cDevice.LEN);
    assertEquals(8, FfmI2cDevice.BUF);
    // linux/i2c-dev.h: struct i2c_rdwr_ioctl_data { struct i2c_msg *msgs; __u32 nmsgs; }
    assertEquals(16, FfmI2cDevice.I2C_RDWR_IOCTL_DATA.byteSize());
    assertEquals(
        0,
        FfmI2cDevice.I2C_RDWR_IOCTL_DATA.byteOffset(MemoryLayout.PathElement.groupElement("msgs")));
    assertEquals(8, FfmI2cDevice.NMSGS);
    assertEquals(0x0707, FfmI2cDevice.I2C_RDWR);
    assertEquals(0x0001, FfmI2cDevice.I2C_M_RD);
  }

  @Test
  void shouldReturnFailedWithEnottyOnAFileThatIsNoI2cAdapter() {
    try (FfmI2cDevice device = FfmI2cDevice.open(Path.of("/dev/null"), 0x36)) {
      byte[] buffer = new byte[2];
      assertEquals(I2cDevice.FAILED, device.read(0x0C, buffer, 0, 2));
      assertEquals(IOCTL_ERRNO, device.lastErrno());
      assertEquals(I2cDevice.FAILED, device.readByte(0x0B));
      assertEquals(I2cDevice.FAILED, device.write(0x01, buffer, 0, 2));
      assertEquals(I2cDevice.FAILED, device.writeByte(0x01, 7));
      assertEquals(IOCTL_ERRNO, device.lastErrno());
    }
  }

  @Test
  void shouldReportTheSensorFailedWhenTheIoctlFails() {
    try (FfmI2cDevice device = FfmI2cDevice.open(Path.of("/dev/null"), 0x36)) {
      As5600 sensor = new As5600(device, false);
      assertEquals(PlantStatus.FAILED, sensor.read());
    }
  }

  @Test
  void shouldAllocateNothingPerTransferOverOneHundredThousandDowncalls() {
    try (FfmI2cDevice device = FfmI2cDevice.open(Path.of("/dev/null"), 0x36)) {
      byte[] buffer = new byte[14];
      int[] failed = new int[1];
      Runnable transfer =
          () -> {
            if (device.read(0x3B, buffer, 0, 14) == I2cDevice.FAILED) {
              failed[0]++;
            }
            if (device.write(0x06, buffer, 0, 4) == I2cDevice.FAILED) {
              failed[0]++;
            }
          };
      long bytes = Allocations.measure(50_000, 100_000, transfer);
      assertEquals(0, bytes, "bytes allocated over 100,000 read+write transfer pairs");
      assertTrue(failed[0] >= 2 * 150_000, "every transfer failed with ENOTTY: " + failed[0]);
      assertEquals(IOCTL_ERRNO, device.lastErrno());
    }
  }

  @Test
  void shouldNameTheDeviceFileThatCannotBeOpened() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> FfmI2cDevice.open(99, 0x36));
    assertTrue(e.getMessage().startsWith("cannot open /dev/i2c-99: errno 2 ("), e.getMessage());
    assertTrue(e.getMessage().contains("dtparam=i2c_arm=on"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FfmI2cDevice.open(1, 0x78));
  }

  @Test
  void shouldReadTheAs5600AngleThroughTheIoctlMessages() throws Throwable {
    As5600Emulation emulation = new As5600Emulation();
    try (FfmI2cDevice device = onFakeKernel(emulation, 0x36)) {
      As5600 sensor = new As5600(device, false);
      emulation.setMagnetAngleRad(-Math.PI / 2);
      assertEquals(PlantStatus.OK, sensor.read());
      assertEquals(3072, sensor.counts());
      assertEquals((int) FfmI2cDevice.I2C_RDWR, lastRequest);

      emulation.setFailing(true);
      assertEquals(PlantStatus.FAILED, sensor.read());
      assertEquals(EREMOTEIO, device.lastErrno());
    }
  }

  @Test
  void shouldConfigureAndReadTheMpu6050ThroughTheIoctlMessages() throws Throwable {
    Mpu6050Emulation emulation = new Mpu6050Emulation();
    try (FfmI2cDevice device = onFakeKernel(emulation, 0x68)) {
      Mpu6050 imu = new Mpu6050(device, GyroRange.DPS_500, AccelRange.G_8, 3);
      emulation.setAccelMps2(0, 0, 9.80665);
      emulation.setGyroRadPerSec(1.2, -3.0, 0.05);
      assertEquals(PlantStatus.OK, imu.read());
      assertEquals(9.80665, imu.value(Axis.ACCEL_Z), 9.80665 / 4096);
      assertEquals(-3.0, imu.value(Axis.GYRO_Y), Math.toRadians(1) / 65.5);
    }
  }

  @Test
  void shouldConvertOnTheAds1115ThroughTheIoctlMessages() throws Throwable {
    Ads1115Emulation emulation = new Ads1115Emulation();
    emulation.setInputV(0, 1.234);
    try (FfmI2cDevice device = onFakeKernel(emulation, 0x48)) {
      Ads1115 adc = new Ads1115(device, Pga.FS_2_048V, DataRate.SPS_860);
      assertEquals(PlantStatus.OK, adc.readSingleShot(Input.AIN0, 10));
      assertEquals(1.234, adc.volts(), 2.048 / 32768);
    }
  }

  @Test
  void shouldWriteThePca9685RegistersThroughTheIoctlMessages() throws Throwable {
    Pca9685Emulation emulation = new Pca9685Emulation(25e6);
    try (FfmI2cDevice device = onFakeKernel(emulation, 0x40)) {
      Pca9685 driver = new Pca9685(device, 50, 25e6);
      assertEquals(PlantStatus.OK, driver.setPulseUs(0, 1500));
      assertEquals(0x79, emulation.register(Pca9685.PRE_SCALE));
      assertEquals(0x33, emulation.register(0x08));
      assertEquals(0x01, emulation.register(0x09));
    }
  }

  /** A device on /dev/null whose ioctl is {@link #kernelIoctl} over {@code emulation}. */
  private static FfmI2cDevice onFakeKernel(EmulatedI2cChip emulation, int address)
      throws Throwable {
    chip = emulation;
    chipAddress = address;
    FunctionDescriptor ioctl =
        FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS);
    MethodHandle target =
        MethodHandles.lookup()
            .findStatic(
                FfmI2cDeviceTest.class,
                "kernelIoctl",
                MethodType.methodType(int.class, int.class, long.class, MemorySegment.class));
    MemorySegment stub = LINKER.upcallStub(target, ioctl, Arena.global());
    MethodHandle downcall =
        LINKER.downcallHandle(stub, ioctl, Linker.Option.captureCallState("errno"));
    return FfmI2cDevice.open(Path.of("/dev/null"), address, downcall);
  }

  private static final MethodHandle ERRNO_LOCATION =
      LINKER.downcallHandle(
          LINKER.defaultLookup().find("__errno_location").orElseThrow(),
          FunctionDescriptor.of(ValueLayout.ADDRESS));

  /**
   * The kernel's side of {@code ioctl(fd, I2C_RDWR, data)}: reads the message array at the offsets
   * of linux/i2c.h on a 64-bit ABI (addr 0, flags 2, len 4, buf 8; 16 bytes per message; msgs at 0
   * and nmsgs at 8 of i2c_rdwr_ioctl_data) and runs it on {@link #chip}: [write 1 byte][read n] is
   * a register read, [write 1+n bytes] a register write. A NACK sets errno EREMOTEIO, as i2c
   * adapters do, and returns -1.
   */
  private static int kernelIoctl(int fd, long request, MemorySegment arg) {
    lastRequest = (int) request;
    MemorySegment data = arg.reinterpret(16);
    MemorySegment msgs = data.get(ValueLayout.ADDRESS, 0).reinterpret(2 * 16);
    int count = data.get(ValueLayout.JAVA_INT, 8);
    int[] addr = new int[count];
    int[] flags = new int[count];
    int[] len = new int[count];
    MemorySegment[] buf = new MemorySegment[count];
    for (int i = 0; i < count; i++) {
      addr[i] = msgs.get(ValueLayout.JAVA_SHORT, i * 16L) & 0xFFFF;
      flags[i] = msgs.get(ValueLayout.JAVA_SHORT, i * 16L + 2) & 0xFFFF;
      len[i] = msgs.get(ValueLayout.JAVA_SHORT, i * 16L + 4) & 0xFFFF;
      buf[i] = msgs.get(ValueLayout.ADDRESS, i * 16L + 8).reinterpret(len[i]);
      if (addr[i] != chipAddress) {
        return fail(6); // ENXIO: nobody at that address
      }
    }
    int rc;
    if (count == 2 && flags[0] == 0 && len[0] == 1 && flags[1] == FfmI2cDevice.I2C_M_RD) {
      int register = buf[0].get(ValueLayout.JAVA_BYTE, 0) & 0xFF;
      byte[] bytes = new byte[len[1]];
      rc = chip.read(register, bytes, 0, len[1]);
      MemorySegment.copy(bytes, 0, buf[1], ValueLayout.JAVA_BYTE, 0, len[1]);
    } else if (count == 1 && flags[0] == 0 && len[0] >= 2) {
      byte[] bytes = new byte[len[0]];
      MemorySegment.copy(buf[0], ValueLayout.JAVA_BYTE, 0, bytes, 0, len[0]);
      rc = chip.write(bytes[0] & 0xFF, bytes, 1, len[0] - 1);
    } else {
      return fail(22); // EINVAL: not a register transfer
    }
    return rc == I2cDevice.OK ? count : fail(EREMOTEIO);
  }

  private static int fail(int errno) {
    try {
      MemorySegment location = (MemorySegment) ERRNO_LOCATION.invokeExact();
      location.reinterpret(4).set(ValueLayout.JAVA_INT, 0, errno);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
    return -1;
  }
}
