package dev.reflex.config;

import java.util.List;
import java.util.Map;

/**
 * The plant backend, one record per {@code plant.backend}; the composition root switches over them.
 */
public sealed interface PlantConfig {

  /** The backend name as written: {@code sim}, {@code udp} or {@code pi4j}. */
  String backend();

  /**
   * Simulated plant in-process.
   *
   * @param env plant name: {@code pendulum}, {@code cartpole-swingup}, {@code dc-motor}
   * @param seed seed of the reset distribution and sensor noise
   * @param params parameter overrides for {@code SimPlant.setParameter}, name to value
   * @param sensorNoiseStd Gaussian noise standard deviation, in each entry's own unit
   * @param stepS plant time per tick in seconds; 0 = the loop period (real time)
   * @param episodeS the plant resets itself every this long of plant time; 0 = never
   */
  record Sim(
      String env,
      long seed,
      Map<String, Double> params,
      double sensorNoiseStd,
      double stepS,
      double episodeS)
      implements PlantConfig {
    @Override
    public String backend() {
      return "sim";
    }
  }

  /**
   * Plant emulator over UDP.
   *
   * @param listenHost address sensor frames are received on
   * @param listenPort port sensor frames are received on
   * @param peerHost address actuator frames are sent to
   * @param peerPort port actuator frames are sent to
   * @param staleTimeoutNs a sensor frame older than this is stale
   * @param sensors sensor channel names in frame order
   * @param actuators actuator channel names in frame order
   * @param authKeyHex the shared key of the authenticated mode, hexadecimal; empty for the
   *     unauthenticated mode
   */
  record Udp(
      String listenHost,
      int listenPort,
      String peerHost,
      int peerPort,
      long staleTimeoutNs,
      List<String> sensors,
      List<String> actuators,
      String authKeyHex)
      implements PlantConfig {
    @Override
    public String backend() {
      return "udp";
    }
  }

  /**
   * The board's pins and buses through Pi4J.
   *
   * @param devices devices in file order, pins resolved against the board profile
   */
  record Pi4j(List<DeviceConfig> devices) implements PlantConfig {
    @Override
    public String backend() {
      return "pi4j";
    }
  }
}
