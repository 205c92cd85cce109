package dev.reflex.plant.pi4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.pi4j.context.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The adapter over Pi4J's MockI2C (a FIFO per register: a read takes what a write queued). */
class Pi4jI2cDeviceTest {

  private final Context context = MockPi4jContexts.pinsOnly();

  @AfterEach
  void shutdown() {
    context.shutdown();
  }

  @Test
  void shouldPassRegisterWritesAndReadsThroughPi4j() {
    Pi4jI2cDevice device = Pi4jI2cDevice.open(context, 1, 0x40);

    assertEquals(I2cDevice.OK, device.writeByte(0x06, 0xFF));
    assertEquals(0xFF, device.readByte(0x06)); // not sign-extended

    assertEquals(I2cDevice.OK, device.write(0x08, new byte[] {1, 2, 3}, 0, 3));
    byte[] in = new byte[3];
    assertEquals(I2cDevice.OK, device.read(0x08, in, 0, 3));
    assertArrayEquals(new byte[] {1, 2, 3}, in);
  }

  @Test
  void shouldReturnFailedInsteadOfThrowing() {
    Pi4jI2cDevice device = Pi4jI2cDevice.open(context, 1, 0x41);

    assertEquals(I2cDevice.FAILED, device.readByte(0x10)); // MockI2C throws: nothing queued
    assertEquals(I2cDevice.FAILED, device.read(0x11, new byte[2], 0, 2));
  }

  @Test
  void shouldRejectAnAddressOutsideTheSevenBitRange() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Pi4jI2cDevice.open(context, 1, 0x80));
    assertEquals("i2c address 0x80 out of range: allowed 0x03..0x77", e.getMessage());
  }
}
