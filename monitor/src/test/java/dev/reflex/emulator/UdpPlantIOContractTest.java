package dev.reflex.emulator;

import dev.reflex.plant.PlantIO;
import dev.reflex.plant.PlantIOContract;
import dev.reflex.plant.sim.Pendulum;
import dev.reflex.plant.udp.UdpPlantIO;
import dev.reflex.plant.udp.UdpTestPorts;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;

/** The {@link PlantIO} contract for the UDP backend, against the plant emulator on loopback. */
class UdpPlantIOContractTest extends PlantIOContract {
  private static final long PERIOD_NS = 10_000_000L;
  private PlantEmulator emulator;

  @Override
  protected PlantIO open() throws java.io.IOException {
    InetSocketAddress runtimeAddr = UdpTestPorts.freeLoopback();
    InetSocketAddress plantAddr = UdpTestPorts.freeLoopback();
    Pendulum plant = new Pendulum();
    emulator =
        new PlantEmulator(
            plant, plantAddr, runtimeAddr, PERIOD_NS, 30_000_000L, 1L, FaultSchedule.none(), null);
    return new UdpPlantIO(
        plant.observationNames(), plant.actionNames(), runtimeAddr, plantAddr, 50_000_000L);
  }

  @AfterEach
  void closeEmulator() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @Override
  protected double[] midActuators(PlantIO io) {
    return new double[] {0.5};
  }

  @Override
  protected void advancePlant(long nowNs) {
    emulator.pollActuators(nowNs);
    emulator.tick(nowNs);
  }
}
