package dev.reflex.config;

/**
 * One action entry: the actor's output, clamped to {@code [min, max]}, rate-limited, written to its
 * actuator.
 *
 * @param name entry name
 * @param to actuator as written: {@code device.channel} (pi4j), an actuator name (udp), the sim
 *     plant's action entry (sim)
 * @param device device part of {@code to} (pi4j), else empty
 * @param channel channel part of {@code to} (pi4j), else all of {@code to}
 * @param min lower physical limit, in {@code unit}
 * @param max upper physical limit, in {@code unit}; {@code min < max}
 * @param unit physical unit (V, us, 1, N*m...)
 * @param rateLimitPerS largest change per second in unit/s; 0 = unlimited
 * @param safe value written on faults, stops and resets; within {@code [min, max]}
 */
public record ActionEntry(
    String name,
    String to,
    String device,
    String channel,
    double min,
    double max,
    String unit,
    double rateLimitPerS,
    double safe) {}
