package dev.reflex.network;

import org.ejml.data.DMatrixRMaj;

/**
 * Updates a {@link Parameters} list from its gradients. Options shared by every optimiser: L2
 * weight decay (added to the gradient, as PyTorch's {@code weight_decay} and the DDPG paper's
 * critic regulariser) and global gradient-norm clipping (off when {@code maxGradNorm ≤ 0}).
 *
 * <p>Real-time: {@link #step} is allocation-free. Threading: one thread at a time.
 */
public interface Optimizer {

  /** Applies one update using the current gradients. */
  void step();

  /** Number of steps taken. */
  long steps();

  /** The parameters this optimiser moves. */
  Parameters parameters();

  /**
   * The optimiser's state matrices (e.g. Adam's first and second moments), in a fixed order, for
   * checkpoints. Live: restoring a checkpoint writes into them. Empty for stateless optimisers.
   */
  DMatrixRMaj[] state();

  /** Restores the step counter (the rest of the state is written through {@link #state()}). */
  void setSteps(long steps);

  /** The learning rate. */
  double learningRate();

  /** Changes the learning rate (e.g. a smaller one for fine-tuning on the board). */
  void setLearningRate(double learningRate);

  /**
   * The factor that brings the global gradient norm down to {@code maxGradNorm}, or 1 when clipping
   * is off or not needed.
   */
  static double clipScale(Parameters p, double maxGradNorm) {
    if (maxGradNorm <= 0) {
      return 1;
    }
    double norm = p.gradNorm();
    return norm > maxGradNorm ? maxGradNorm / (norm + 1e-12) : 1;
  }
}
