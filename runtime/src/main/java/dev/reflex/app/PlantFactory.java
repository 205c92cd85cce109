package dev.reflex.app;

import dev.reflex.config.ControllerConfig;
import dev.reflex.config.PlantConfig;
import dev.reflex.plant.PlantIO;
import dev.reflex.plant.sim.SimPlant;
import dev.reflex.plant.sim.SimPlantIO;
import dev.reflex.plant.sim.SimPlants;
import dev.reflex.plant.udp.FrameAuth;
import dev.reflex.plant.udp.UdpPlantIO;
import java.net.InetSocketAddress;
import java.util.Map;

/** Opens the plant backend a config names: the one place the three backends are chosen. */
final class PlantFactory {
  private PlantFactory() {}

  /**
   * Opens the plant.
   *
   * @param seedOverride replaces the sim plant's seed when not null
   * @throws IllegalArgumentException naming the config file and field on a bad value
   */
  static PlantIO open(ControllerConfig config, Long seedOverride) throws Exception {
    long periodNs = config.loop().periodNs();
    return switch (config.plant()) {
      case PlantConfig.Sim sim -> openSim(config, sim, periodNs, seedOverride);
      case PlantConfig.Udp udp ->
          new UdpPlantIO(
              udp.sensors().toArray(String[]::new),
              udp.actuators().toArray(String[]::new),
              new InetSocketAddress(udp.listenHost(), udp.listenPort()),
              new InetSocketAddress(udp.peerHost(), udp.peerPort()),
              udp.staleTimeoutNs(),
              udp.authKeyHex().isEmpty()
                  ? null
                  : FrameAuth.fromHex(udp.authKeyHex(), config.file() + ": plant.udp.auth_key"));
      case PlantConfig.Pi4j pi4j -> Pi4jPlantFactory.open(config, pi4j);
    };
  }

  private static PlantIO openSim(
      ControllerConfig config, PlantConfig.Sim sim, long periodNs, Long seedOverride) {
    SimPlant plant;
    try {
      plant = SimPlants.create(sim.env());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(config.file() + ": plant.sim.env: " + e.getMessage());
    }
    for (Map.Entry<String, Double> p : sim.params().entrySet()) {
      try {
        plant.setParameter(p.getKey(), p.getValue());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            config.file() + ": plant.sim.params." + p.getKey() + ": " + e.getMessage());
      }
    }
    if (sim.sensorNoiseStd() > 0) {
      plant.setParameter("sensor_noise_std", sim.sensorNoiseStd());
    }
    long seed = seedOverride != null ? seedOverride : sim.seed();
    SimPlantIO io = new SimPlantIO(plant, periodNs);
    io.reset(seed);
    double stepS = sim.stepS() > 0 ? sim.stepS() : periodNs * 1e-9;
    io.setStepSeconds(stepS);
    if (sim.episodeS() > 0) {
      io.resetItselfEvery(Math.max(1, Math.round(sim.episodeS() / stepS)), seed + 1);
    }
    return io;
  }
}
