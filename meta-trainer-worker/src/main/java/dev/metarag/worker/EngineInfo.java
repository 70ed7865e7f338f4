package dev.metarag.worker;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.LibUtils;
import java.util.Map;

/**
 * Which PyTorch build the worker trains with and on which device, said in the job's log so that a
 * worker given GPUs that trains on the CPU is seen (the worker as built bundles a CPU libtorch; a
 * CUDA one comes from PYTORCH_LIBRARY_PATH, README "GPU training").
 */
final class EngineInfo {
  /** The GPUs the trainer's Kubernetes Job asked for (set on the worker container). */
  static final String GPUS_ASKED = "METARAG_WORKER_GPUS";

  private EngineInfo() {}

  /** One line: the PyTorch version, where its library is, the GPUs it sees and the device used. */
  static String describe(NDManager manager) {
    Engine engine = manager.getEngine();
    return "PyTorch "
        + engine.getVersion()
        + " from "
        + LibUtils.getLibtorchPath()
        + (engine.hasCapability("CUDA") ? " (CUDA build)" : " (CPU build)")
        + ", "
        + engine.getGpuCount()
        + " GPU(s) visible, training on "
        + manager.getDevice();
  }

  /**
   * Why the worker's GPUs go unused, when the Job asked for some and the engine sees none; empty
   * otherwise.
   */
  static String unusedGpus(NDManager manager, Map<String, String> env) {
    int asked;
    try {
      asked = Integer.parseInt(env.getOrDefault(GPUS_ASKED, "0").strip());
    } catch (NumberFormatException e) {
      return "";
    }
    if (asked <= 0 || manager.getDevice().isGpu()) {
      return "";
    }
    return "this pod was given "
        + asked
        + " GPU(s) but trains on the CPU: "
        + (manager.getEngine().hasCapability("CUDA")
            ? "the CUDA build of PyTorch sees no GPU (is libcudart on the library path?)"
            : "the worker image carries a CPU build of PyTorch (build the CUDA variant,"
                + " meta-trainer-worker/src/main/docker/Dockerfile.cuda)");
  }
}
