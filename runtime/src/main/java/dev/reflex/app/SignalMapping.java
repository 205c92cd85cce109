package dev.reflex.app;

import dev.reflex.config.ActionEntry;
import dev.reflex.config.ControllerConfig;
import dev.reflex.config.ObservationSpec;
import dev.reflex.loop.ObservationEntry;
import dev.reflex.loop.ObservationTransform;
import dev.reflex.plant.PlantIO;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Connects a config's observation and action entries to a plant's channels: each observation entry
 * reads a sensor by name (with its transform, scale and offset), each action entry drives the
 * actuator at the same position, checked by name.
 */
final class SignalMapping {
  private SignalMapping() {}

  /** The loop's observation entries for {@code plant}'s sensors. */
  static List<ObservationEntry> observations(ControllerConfig config, PlantIO plant) {
    List<String> sensors = Arrays.asList(plant.sensorNames());
    List<ObservationEntry> out = new ArrayList<>();
    for (int i = 0; i < config.observation().size(); i++) {
      ObservationSpec e = config.observation().get(i);
      String source = e.from() != null ? e.from() : e.device() + "." + e.channel();
      int index = sensors.indexOf(source);
      if (index < 0 && e.device() != null) {
        index = sensors.indexOf(e.device() + "." + e.channel());
      }
      if (index < 0) {
        throw new IllegalArgumentException(
            config.file()
                + ": observation["
                + i
                + "].from: '"
                + source
                + "' is not a sensor of the "
                + config.plant().backend()
                + " plant (sensors: "
                + String.join(", ", sensors)
                + ")");
      }
      ObservationTransform t =
          switch (e.transform()) {
            case IDENTITY -> ObservationTransform.IDENTITY;
            case COS -> ObservationTransform.COS;
            case SIN -> ObservationTransform.SIN;
            case RATE -> ObservationTransform.RATE;
          };
      out.add(new ObservationEntry(false, index, t, e.scale(), e.offset(), e.rateCutoffHz()));
    }
    return out;
  }

  /** Checks the action entries drive the plant's actuators in order. */
  static void checkActions(ControllerConfig config, PlantIO plant) {
    String[] actuators = plant.actuatorNames();
    List<ActionEntry> actions = config.action();
    if (actions.size() != actuators.length) {
      throw new IllegalArgumentException(
          config.file()
              + ": action: "
              + actions.size()
              + " entries but the plant has "
              + actuators.length
              + " actuators ("
              + String.join(", ", actuators)
              + ")");
    }
    for (int i = 0; i < actions.size(); i++) {
      ActionEntry a = actions.get(i);
      String target = a.to() != null ? a.to() : a.device() + "." + a.channel();
      if (!target.equals(actuators[i])) {
        throw new IllegalArgumentException(
            config.file()
                + ": action["
                + i
                + "].to: '"
                + target
                + "' but the plant's actuator "
                + i
                + " is '"
                + actuators[i]
                + "'");
      }
    }
  }

  /** Signal names for telemetry: observation names then action names, in order. */
  static String[] signalNames(ControllerConfig config) {
    List<String> names = new ArrayList<>();
    config.observation().forEach(e -> names.add(e.name()));
    config.action().forEach(a -> names.add(a.name()));
    return names.toArray(String[]::new);
  }
}
