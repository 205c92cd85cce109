package dev.reflex.network.kernel;

/**
 * Plain-Java float32 dense layer: weights kept {@code [out×in]}, one dot product per output. The
 * reference for {@link VectorDenseLayerF32} and the fallback where the Vector API is absent.
 *
 * <p>Real-time: allocation-free; no locks; no I/O. Threading: one thread at a time.
 */
final class ScalarDenseLayerF32 implements DenseLayerF32 {
  static final Factory FACTORY =
      new Factory() {
        @Override
        public DenseLayerF32 create(float[] w, float[] b, int in, int out) {
          return new ScalarDenseLayerF32(w, b, in, out);
        }

        @Override
        public String name() {
          return "scalar";
        }
      };

  private final int in;
  private final int out;
  private final float[] w;
  private final float[] b;

  ScalarDenseLayerF32(float[] w, float[] b, int in, int out) {
    DenseLayerF32.checkShape(w, b, in, out);
    this.in = in;
    this.out = out;
    this.w = w.clone();
    this.b = b.clone();
  }

  @Override
  public int inputSize() {
    return in;
  }

  @Override
  public int outputSize() {
    return out;
  }

  @Override
  public void forward(float[] x, int xOff, float[] y, int yOff) {
    for (int o = 0; o < out; o++) {
      int wo = o * in;
      float s = b[o];
      for (int k = 0; k < in; k++) {
        s += x[xOff + k] * w[wo + k];
      }
      y[yOff + o] = s;
    }
  }

  @Override
  public void forwardBatch(float[] x, float[] y, int n) {
    for (int i = 0; i < n; i++) {
      forward(x, i * in, y, i * out);
    }
  }

  @Override
  public void setWeights(float[] w, float[] b) {
    DenseLayerF32.checkShape(w, b, in, out);
    System.arraycopy(w, 0, this.w, 0, w.length);
    System.arraycopy(b, 0, this.b, 0, b.length);
  }

  @Override
  public String kernelName() {
    return "scalar";
  }
}
