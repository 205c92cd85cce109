package dev.reflex.learning;

import dev.reflex.network.Mlp;

/**
 * The double networks of a float32 {@link Learner} as its public view: nothing is written to them
 * until someone asks for them ({@link #expose}); from then on they are kept in two-way sync around
 * every update — the float32 state pulled in before ({@link #begin}), pushed out after ({@link
 * #end}), exactly, since float → double → float is the identity. A trainer that never asks pays
 * nothing. For a double learner (no float32 core) every method does nothing.
 *
 * <p>Real-time: allocation-free. Threading: the learner's thread.
 */
final class DoubleView {
  private final Learner learner;
  private final LearnerF32 f32;
  private boolean mirrored;

  /**
   * @param f32 the float32 core, or null for a double learner
   */
  DoubleView(Learner learner, LearnerF32 f32) {
    this.learner = learner;
    this.f32 = f32;
  }

  /** True once the view has been handed out (float32 only). */
  boolean mirrored() {
    return mirrored;
  }

  /** Before a float32 step: bring in what the caller may have written to the view. */
  void begin() {
    if (mirrored) {
      f32.pullFrom(learner);
    }
  }

  /** After a float32 step: show the caller the new state. */
  void end() {
    if (mirrored) {
      f32.pushTo(learner);
    }
  }

  /** Hands the view out: in float32, write it now and keep it in sync from now on. */
  void expose() {
    if (f32 != null && !mirrored) {
      f32.pushTo(learner);
      mirrored = true;
    }
  }

  /** For checkpoints: the view written from the float32 state, without handing it out. */
  void write() {
    if (f32 != null && !mirrored) {
      f32.pushTo(learner);
    }
  }

  /** For checkpoints: the float32 state reloaded from the view just restored. */
  void read() {
    if (f32 != null) {
      f32.pullFrom(learner);
    }
  }

  /** The float32 actor's values into the double {@code actor} for reading, without handing out. */
  void exportActor(Mlp actor) {
    if (f32 != null && !mirrored) {
      f32.actor.copyTo(actor);
    }
  }
}
