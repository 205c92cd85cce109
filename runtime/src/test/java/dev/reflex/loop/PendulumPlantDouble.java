package dev.reflex.loop;

import dev.reflex.plant.PlantIO;
import dev.reflex.plant.PlantStatus;

/**
 * Test plant: a damped pendulum (angle, angular velocity) driven by a torque, integrated with
 * semi-implicit Euler over the time between reads on the loop clock. Sensors: [angleRad]; actuator:
 * [torqueNm]. Faults are injected through public fields.
 */
final class PendulumPlantDouble implements PlantIO {
  private static final String[] SENSORS = {"angle_rad"};
  private static final String[] ACTUATORS = {"torque_nm"};
  private static final double GRAVITY_OVER_LENGTH = 9.81;
  private static final double DAMPING_PER_S = 0.5;

  /** Status the next reads return. */
  int readStatus = PlantStatus.OK;

  /** Status the next writes return. */
  int writeStatus = PlantStatus.OK;

  /** Overwrites the sensor with this value when not 0 (e.g. NaN). */
  double injectedSensor;

  boolean injectSensor;

  /** A clock to advance during each read (a slow sensor bus), or null. */
  ManualClock clockToAdvance;

  long readDelayNs;

  /** Throws from read when true. */
  boolean throwOnRead;

  double angleRad = 0.3;
  double velocityRadS;
  double torqueNm;
  long lastReadNs = Long.MIN_VALUE;
  long reads;
  long writes;
  long safeWrites;
  double[] lastWritten = new double[1];
  double[] lastSafe = new double[1];
  long[] readTimesNs = new long[64];

  @Override
  public String[] sensorNames() {
    return SENSORS;
  }

  @Override
  public String[] actuatorNames() {
    return ACTUATORS;
  }

  @Override
  public int read(double[] sensorsOut, long nowNs) {
    if (throwOnRead) {
      throw new IllegalStateException("sensor bus exploded");
    }
    if (lastReadNs != Long.MIN_VALUE) {
      double dtS = (nowNs - lastReadNs) * 1e-9;
      double accel =
          -GRAVITY_OVER_LENGTH * Math.sin(angleRad) - DAMPING_PER_S * velocityRadS + torqueNm;
      velocityRadS += accel * dtS;
      angleRad += velocityRadS * dtS;
    }
    lastReadNs = nowNs;
    readTimesNs[(int) (reads % readTimesNs.length)] = nowNs;
    reads++;
    if (clockToAdvance != null) {
      clockToAdvance.advanceNs(readDelayNs);
    }
    sensorsOut[0] = injectSensor ? injectedSensor : angleRad;
    return readStatus;
  }

  @Override
  public int write(double[] actuators, long nowNs) {
    writes++;
    torqueNm = actuators[0];
    lastWritten[0] = actuators[0];
    return writeStatus;
  }

  @Override
  public void writeSafe(double[] safeValues) {
    safeWrites++;
    torqueNm = safeValues[0];
    lastSafe[0] = safeValues[0];
  }

  @Override
  public void close() {
    closed = true;
  }

  volatile boolean closed;
}
