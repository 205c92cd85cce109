package dev.reflex.loop;

import dev.reflex.plant.PlantIO;
import dev.reflex.plant.PlantStatus;
import dev.reflex.policy.Policy;
import dev.reflex.safety.SafetyConfig;
import dev.reflex.safety.SafetyFilter;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Jitter benchmark of the real control loop: the real tick, cycle and runner at a fixed rate, once
 * with the machine otherwise idle and once with busy background threads (a CPU-burning, allocating
 * learner stand-in), printing tick-start lateness p50/p99/p99.9/max and the busy/idle ratios.
 *
 * <pre>
 * java [JVM flags] -cp runtime/target/runtime.jar dev.reflex.loop.LoopJitterBench \
 *     [seconds=10] [rateHz=1000] [spinUs=150] [busyThreads=1] [cpu=-1] [fifo=0] [mlock=false]
 * </pre>
 */
public final class LoopJitterBench {

  private LoopJitterBench() {}

  /** Runs the benchmark; arguments are {@code key=value}. */
  public static void main(String[] args) throws Exception {
    double seconds = 10;
    double rateHz = 1000;
    long spinUs = 150;
    int busyThreads = 1;
    int cpu = -1;
    int fifo = 0;
    boolean mlock = false;
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      String v = kv.length == 2 ? kv[1] : "";
      switch (kv[0]) {
        case "seconds" -> seconds = Double.parseDouble(v);
        case "rateHz" -> rateHz = Double.parseDouble(v);
        case "spinUs" -> spinUs = Long.parseLong(v);
        case "busyThreads" -> busyThreads = Integer.parseInt(v);
        case "cpu" -> cpu = Integer.parseInt(v);
        case "fifo" -> fifo = Integer.parseInt(v);
        case "mlock" -> mlock = Boolean.parseBoolean(v);
        default -> {
          System.err.println(
              "unknown argument '"
                  + arg
                  + "'; expected seconds=, rateHz=, spinUs=, busyThreads=,"
                  + " cpu=, fifo=, mlock=");
          System.exit(2);
        }
      }
    }
    LoopConfig config =
        LoopConfig.atRate(rateHz).withSpinMarginNs(spinUs * 1000).withThreadSetup(cpu, fifo, mlock);
    System.out.printf(
        Locale.ROOT,
        "jitter bench: %.0f Hz, %.1f s per phase, spin margin %d us, JVM %s, GC %s%n",
        rateHz,
        seconds,
        spinUs,
        Runtime.version(),
        gcNames());
    Histogram idle = run(config, seconds, 0);
    Histogram busy = run(config, seconds, busyThreads);
    System.out.printf(
        Locale.ROOT,
        "ratio busy/idle: p50 %.2f, p99 %.2f, p99.9 %.2f, max %.2f%n",
        ratio(busy, idle, 50),
        ratio(busy, idle, 99),
        ratio(busy, idle, 99.9),
        (double) busy.getMaxValue() / Math.max(1, idle.getMaxValue()));
  }

  private static Histogram run(LoopConfig config, double seconds, int busyThreads)
      throws InterruptedException {
    LoopStats stats = new LoopStats();
    BenchPlant plant = new BenchPlant();
    ControlTick tick =
        new ControlTickBuilder(
                plant,
                new BenchPolicy(),
                new ObservationBuilder(
                    List.of(ObservationEntry.identity(0), ObservationEntry.rate(0, 50)), 1, 0),
                new SafetyFilter(
                    // The bench measures timing: misses are counted, never a reason to stop.
                    SafetyConfig.of(new double[] {-1}, new double[] {1}, new double[] {0})
                        .withMaxConsecutiveMisses(Integer.MAX_VALUE),
                    config.periodNs()))
            .stats(stats)
            .build();
    LoopCycle cycle =
        new LoopCycle(
            tick,
            config.periodNs(),
            new ParkSpinWait(config.spinMarginNs()),
            SystemNanoClock.INSTANCE,
            stats,
            new RateLimitedErrorLog(config.errorLogIntervalNs(), SystemNanoClock.INSTANCE));
    LoopRunner runner =
        new LoopRunner(
            cycle, config.threadSetup(), config.warmupTicks(), "reflex-control", e -> {});
    Burner[] burners = new Burner[busyThreads];
    for (int i = 0; i < busyThreads; i++) {
      burners[i] = new Burner();
      burners[i].thread.start();
    }
    runner.start();
    Thread.sleep(1000); // warm-up, discarded below
    stats.sampleInterval(new LoopStatsSnapshot());
    LoopStatsSnapshot measured = new LoopStatsSnapshot();
    stats.sampleInterval(measured); // recycle-able baseline
    long missedBefore = stats.missedPeriods();
    Thread.sleep((long) (seconds * 1000));
    stats.sampleInterval(measured);
    LoopRunner.Exit exit = runner.stop();
    long burned = 0;
    for (Burner b : burners) {
      b.running = false;
      b.thread.join();
      burned += b.iterations;
    }
    Histogram lateness = measured.histogram(LoopStats.LATENESS).copy();
    Histogram tickNs = measured.histogram(LoopStats.TICK);
    System.out.printf(
        Locale.ROOT,
        "%-5s (%d busy threads, %d burner iterations): lateness us p50 %.1f p99 %.1f p99.9 %.1f"
            + " max %.1f | tick us p50 %.1f p99.9 %.1f | ticks %d missed periods %d | %s |"
            + " control-thread bytes after warm-up %d | exit %s%n",
        busyThreads == 0 ? "idle" : "busy",
        busyThreads,
        burned,
        us(lateness, 50),
        us(lateness, 99),
        us(lateness, 99.9),
        lateness.getMaxValue() / 1e3,
        us(tickNs, 50),
        us(tickNs, 99.9),
        lateness.getTotalCount(),
        stats.missedPeriods(),
        runner.setupResult() == null ? "no setup" : runner.setupResult().describe(),
        runner.allocatedBytesAfterWarmup(),
        exit);
    return lateness;
  }

  private static double us(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1e3;
  }

  private static double ratio(Histogram busy, Histogram idle, double percentile) {
    return (double) busy.getValueAtPercentile(percentile)
        / Math.max(1, idle.getValueAtPercentile(percentile));
  }

  private static String gcNames() {
    StringBuilder sb = new StringBuilder();
    for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      sb.append(sb.isEmpty() ? "" : "+").append(gc.getName());
    }
    return sb.toString();
  }

  /** A learner stand-in: dense float arithmetic plus a steady stream of garbage. */
  private static final class Burner implements Runnable {
    final Thread thread = Thread.ofPlatform().name("bench-burner").daemon(true).unstarted(this);
    volatile boolean running = true;
    volatile long iterations;
    volatile Object sink;

    @Override
    public void run() {
      int n = 64;
      float[] a = new float[n * n];
      float[] b = new float[n * n];
      float[] c = new float[n * n];
      for (int i = 0; i < a.length; i++) {
        a[i] = (i % 7) * 0.01f;
        b[i] = (i % 5) * 0.02f;
      }
      long count = 0;
      while (running) {
        for (int i = 0; i < n; i++) {
          for (int k = 0; k < n; k++) {
            float aik = a[i * n + k];
            for (int j = 0; j < n; j++) {
              c[i * n + j] += aik * b[k * n + j];
            }
          }
        }
        sink = new float[16 * 1024]; // 64 KiB of garbage per product, like minibatch buffers
        iterations = ++count;
      }
    }
  }

  /** A first-order plant: x' = (u - x) / tau, read as one sensor; tau = 50 ms. */
  private static final class BenchPlant implements PlantIO {
    private final String[] sensors = {"x"};
    private final String[] actuators = {"u"};
    private double x;
    private double u;
    private long lastNs = Long.MIN_VALUE;

    @Override
    public String[] sensorNames() {
      return sensors;
    }

    @Override
    public String[] actuatorNames() {
      return actuators;
    }

    @Override
    public int read(double[] sensorsOut, long nowNs) {
      if (lastNs != Long.MIN_VALUE) {
        x += (u - x) * ((nowNs - lastNs) * 1e-9) / 0.05;
      }
      lastNs = nowNs;
      sensorsOut[0] = x;
      return PlantStatus.OK;
    }

    @Override
    public int write(double[] actuatorValues, long nowNs) {
      u = actuatorValues[0];
      return PlantStatus.OK;
    }

    @Override
    public void writeSafe(double[] safeValues) {
      u = safeValues[0];
    }

    @Override
    public void close() {}
  }

  /** A 2-32-32-1 tanh network with fixed weights: real arithmetic, no allocation. */
  private static final class BenchPolicy implements Policy {
    private final double[] h1 = new double[32];
    private final double[] h2 = new double[32];

    @Override
    public int observationSize() {
      return 2;
    }

    @Override
    public int actionSize() {
      return 1;
    }

    @Override
    public void act(double[] observation, double[] actionOut) {
      for (int j = 0; j < 32; j++) {
        h1[j] = Math.tanh(0.1 * (j - 16) * observation[0] - 0.05 * observation[1] + 0.01 * j);
      }
      double out = 0;
      for (int j = 0; j < 32; j++) {
        double s = 0;
        for (int i = 0; i < 32; i++) {
          s += ((i * 31 + j * 17) % 13 - 6) * 0.02 * h1[i];
        }
        h2[j] = Math.tanh(s);
        out += h2[j] * ((j % 5) - 2) * 0.1;
      }
      actionOut[0] = Math.tanh(0.5 - observation[0] + out);
    }
  }
}
