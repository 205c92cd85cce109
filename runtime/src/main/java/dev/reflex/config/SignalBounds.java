package dev.reflex.config;

/**
 * A range on one signal (an observation or action entry).
 *
 * @param signal entry name
 * @param signalIndex index in the concatenation [observation..., action...]
 * @param min lower bound
 * @param max upper bound
 * @param value reward per nominal tick (bonus/penalty terms), 0 elsewhere
 */
public record SignalBounds(String signal, int signalIndex, double min, double max, double value) {}
