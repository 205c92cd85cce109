package dev.reflex.plant.pi4j;

/** The bias of a GPIO input. */
public enum InputPull {
  /** No bias: an external resistor or a push-pull source sets the level. */
  OFF,
  /** Internal pull-up (open-collector encoders, switches to ground). */
  UP,
  /** Internal pull-down. */
  DOWN
}
