package dev.reflex.telemetry;

/**
 * A command's final acknowledgement waiting to be published.
 *
 * @param command the command applied (or not)
 * @param result how it went
 */
public record CommandOutcome(Command command, CommandResult result) {}
