package dev.reflex.plant.pi4j;

import org.junit.jupiter.api.Test;

class ScratchAllocTest {
  @Test
  void measure() {
    var config = Pi4jContexts.builderFor(Pi4jBoardOptions.raspberryPi()).toConfig();
    System.out.println(
        "calls prov="
            + config.autoDetectProviders()
            + " plat="
            + config.autoDetectPlatforms()
            + " mock="
            + config.autoDetectMockPlugins()
            + " providers="
            + config.providers());
    var context = Pi4jContexts.forBoard(Pi4jBoardOptions.raspberryPi());
    System.out.println("calls all=" + context.providers().all().keySet());
    context.shutdown();
  }
}
