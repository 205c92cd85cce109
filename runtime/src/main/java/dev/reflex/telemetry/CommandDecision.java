package dev.reflex.telemetry;

/** The verdict on one received command message. */
public sealed interface CommandDecision {

  /**
   * The message is a valid command.
   *
   * @param command the command to queue
   */
  record Accepted(Command command) implements CommandDecision {}

  /**
   * The message is refused.
   *
   * @param id the sender's id if it could be read, else empty
   * @param name the command name from the topic
   * @param reason why, as a stable code
   * @param detail a sentence for people
   */
  record Rejected(String id, String name, Reason reason, String detail)
      implements CommandDecision {}

  /** Why a command was refused; {@link #code()} is the ack's {@code reason}. */
  enum Reason {
    RETAINED("retained"),
    TOO_LARGE("too-large"),
    NOT_JSON("not-json"),
    MISSING_FIELD("missing-field"),
    WRONG_TYPE("wrong-type"),
    UNKNOWN_FIELD("unknown-field"),
    EXPIRED("expired"),
    DUPLICATE_ID("duplicate-id"),
    OUT_OF_RANGE("out-of-range"),
    UNKNOWN_COMMAND("unknown-command"),
    QUEUE_FULL("queue-full"),
    RATE_LIMITED("rate-limited");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    /** The reason as written in acknowledgements. */
    public String code() {
      return code;
    }
  }
}
