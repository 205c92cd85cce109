package dev.reflex.trainer.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.Map;

/** Runs an ONNX file with ONNX Runtime (the independent consumer of the export). */
public final class OrtRunner {
  private OrtRunner() {}

  /** The model's output for a batch of observations (input {@code inputName}). */
  public static float[][] run(Path model, String inputName, double[][] obs) throws OrtException {
    float[][] batch = new float[obs.length][];
    for (int n = 0; n < obs.length; n++) {
      batch[n] = new float[obs[n].length];
      for (int i = 0; i < obs[n].length; i++) {
        batch[n][i] = (float) obs[n][i];
      }
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(model.toString(), new OrtSession.SessionOptions());
        OnnxTensor input = OnnxTensor.createTensor(env, batch);
        OrtSession.Result result = session.run(Map.of(inputName, input))) {
      return (float[][]) result.get(0).getValue();
    }
  }
}
