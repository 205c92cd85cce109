package dev.reflex.telemetry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a dashboard needs to label the telemetry of one controller: published once, retained, on the
 * {@code meta} topic.
 *
 * @param controller controller name from its config
 * @param observations observation signals, in the order the control thread passes them
 * @param actions action signals, in the order the control thread passes them
 * @param loopRateHz control loop rate
 * @param networkShapes layer widths per network, e.g. {@code actor -> [3, 64, 64, 1]}
 */
public record TelemetryMeta(
    String controller,
    List<SignalName> observations,
    List<SignalName> actions,
    double loopRateHz,
    Map<String, int[]> networkShapes) {

  /** Copies the lists and map. */
  public TelemetryMeta {
    observations = List.copyOf(observations);
    actions = List.copyOf(actions);
    networkShapes = new LinkedHashMap<>(networkShapes);
    if (controller == null || controller.isBlank()) {
      throw new IllegalArgumentException("telemetry meta: controller name is empty");
    }
  }

  /** Field name of observation {@code i} in signal payloads, e.g. {@code obs_theta}. */
  public String observationKey(int i) {
    return "obs_" + observations.get(i).name();
  }

  /** Field name of action {@code i} in signal payloads, e.g. {@code act_torque_nm}. */
  public String actionKey(int i) {
    return "act_" + actions.get(i).name();
  }
}
