package dev.reflex.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The same actor shapes through ONNX Runtime Java on one thread, input and output tensors created
 * once and reused (pinned outputs). Models come from {@code -Dreflex.bench.models=DIR} as {@code
 * actor-<shape>.onnx}, written by {@code bench/make_onnx.py} (input {@code obs [1,in]}, output
 * {@code act [1,out]}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class OnnxForwardBench {
  @Param({"3-64-64-1", "3-256-256-1", "17-400-300-6"})
  public String shape;

  private OrtEnvironment env;
  private OrtSession session;
  private OnnxTensor input;
  private OnnxTensor output;
  private FloatBuffer inputData;
  private FloatBuffer outputData;
  private Map<String, OnnxTensor> inputs;
  private Map<String, OnnxTensor> outputs;

  @Setup(Level.Trial)
  public void setUp() throws OrtException {
    int[] sizes = Shapes.sizes(shape);
    Path model =
        Path.of(System.getProperty("reflex.bench.models", "bench/target/models"))
            .resolve("actor-" + shape + ".onnx");
    if (!Files.isRegularFile(model)) {
      throw new IllegalStateException(
          "no ONNX model at " + model + " (run bench/make_onnx.py or bench/run.sh)");
    }
    env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
    opts.setIntraOpNumThreads(1);
    opts.setInterOpNumThreads(1);
    opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    session = env.createSession(model.toString(), opts);
    int in = sizes[0];
    int out = sizes[sizes.length - 1];
    inputData = direct(in);
    outputData = direct(out);
    for (int k = 0; k < in; k++) {
      inputData.put(k, 0.1f * (k + 1));
    }
    input = OnnxTensor.createTensor(env, inputData, new long[] {1, in});
    output = OnnxTensor.createTensor(env, outputData, new long[] {1, out});
    inputs = Map.of("obs", input);
    outputs = Map.of("act", output);
  }

  private static FloatBuffer direct(int n) {
    return ByteBuffer.allocateDirect(n * Float.BYTES)
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  @Benchmark
  public float forward() throws OrtException {
    inputData.put(0, inputData.get(0) + 1e-7f);
    try (OrtSession.Result r = session.run(inputs, outputs)) {
      return outputData.get(0);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws OrtException {
    input.close();
    output.close();
    session.close();
  }
}
