package dev.reflex.learning;

import dev.reflex.network.MlpF32;
import dev.reflex.network.ParametersF32;
import dev.reflex.network.kernel.DenseKernelsF32;
import java.util.function.Supplier;

/**
 * The float32 twin of a {@link Critic}: the same layout (action at the first or the second layer),
 * on {@link MlpF32}. {@link #backward} can give ∂loss/∂a without touching the parameter gradients.
 *
 * <p>Real-time: {@link #forward} and {@link #backward} are allocation-free. Threading: one thread
 * at a time.
 */
final class CriticF32 {
  private final int obsSize;
  private final int actSize;
  private final MlpF32 first;
  private final MlpF32 second;
  private final float[] actionGrad;
  private final float[] secondInputGrad;
  private final float[] hiddenGrad;
  private final ParametersF32 parameters;
  private int rows;

  /** A critic shaped as {@code shape}, with zero parameters. */
  CriticF32(Critic shape, int maxBatch, Supplier<DenseKernelsF32> kernels) {
    this.obsSize = shape.obsSize();
    this.actSize = shape.actSize();
    this.first = MlpF32.like(shape.firstPart(), kernels.get());
    this.second =
        shape.secondPart() == null ? null : MlpF32.like(shape.secondPart(), kernels.get());
    this.actionGrad = new float[maxBatch * actSize];
    if (second == null) {
      secondInputGrad = null;
      hiddenGrad = null;
      parameters = first.parameters();
    } else {
      secondInputGrad = new float[maxBatch * second.inputSize()];
      hiddenGrad = new float[maxBatch * first.outputSize()];
      parameters = ParametersF32.concat(first.parameters(), second.parameters());
    }
  }

  /**
   * Q-values for {@code n} rows.
   *
   * @param obs {@code [n×obsSize]}. Not modified.
   * @param act {@code [n×actSize]}. Not modified.
   * @return {@code [n]}, an internal buffer valid until the next pass
   */
  float[] forward(float[] obs, float[] act, int n) {
    rows = n;
    if (second == null) {
      concat(obs, obsSize, act, first.input(), n);
      return first.forward(n);
    }
    float[] h = first.forward(obs, n);
    concat(h, first.outputSize(), act, second.input(), n);
    return second.forward(n);
  }

  private void concat(float[] left, int lc, float[] act, float[] into, int n) {
    int w = lc + actSize;
    for (int i = 0; i < n; i++) {
      System.arraycopy(left, i * lc, into, i * w, lc);
      System.arraycopy(act, i * actSize, into, i * w + lc, actSize);
    }
  }

  /**
   * Backward through the last forward.
   *
   * @param gradQ ∂loss/∂Q {@code [n]}. Not modified.
   * @param wantParamGrads overwrite the parameter gradients (false: they stay exactly as they were)
   * @return ∂loss/∂a {@code [n×actSize]} (internal buffer) when {@code wantActionGrad}, else null
   */
  float[] backward(float[] gradQ, boolean wantParamGrads, boolean wantActionGrad) {
    int n = rows;
    if (second == null) {
      first.backward(gradQ, wantParamGrads, wantActionGrad ? actionGrad : null, obsSize, actSize);
      return wantActionGrad ? actionGrad : null;
    }
    int h = first.outputSize();
    int w = h + actSize;
    second.backward(gradQ, wantParamGrads, secondInputGrad, 0, w);
    for (int i = 0; i < n; i++) {
      System.arraycopy(secondInputGrad, i * w, hiddenGrad, i * h, h);
      System.arraycopy(secondInputGrad, i * w + h, actionGrad, i * actSize, actSize);
    }
    if (wantParamGrads) {
      first.backward(hiddenGrad, true, null, 0, 0);
    }
    return wantActionGrad ? actionGrad : null;
  }

  /** Marks the parameters as written (optimiser step, load). */
  void parametersChanged() {
    first.parametersChanged();
    if (second != null) {
      second.parametersChanged();
    }
  }

  ParametersF32 parameters() {
    return parameters;
  }

  /** Loads every parameter from the double critic (rounding). */
  void copyFrom(Critic src) {
    parameters.copyFrom(src.parameters());
    parametersChanged();
  }

  /** Writes every parameter into the double critic (exact). */
  void copyTo(Critic dst) {
    parameters.copyTo(dst.parameters());
  }
}
