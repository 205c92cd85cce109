package dev.reflex.config;

/**
 * A hardware-PWM-capable pin with its PWM chip and channel from the board profile.
 *
 * @param pin the GPIO pin
 * @param chip PWM chip (sysfs {@code pwmchipN} or platform device)
 * @param channel channel on that chip
 */
public record PwmPin(GpioPin pin, String chip, int channel) {}
