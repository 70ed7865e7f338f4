package dev.metarag.inference.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/** How every ONNX Runtime session of the suite is opened. */
public final class OrtSessions {
  private OrtSessions() {}

  /**
   * Session options: {@code intraOpThreads} threads inside one run, one between operators, every
   * graph optimisation, and no spinning threads (they steal the other core from concurrent requests
   * on small machines).
   */
  public static OrtSession.SessionOptions options(int intraOpThreads) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(intraOpThreads);
    options.setInterOpNumThreads(1);
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    options.addConfigEntry("session.intra_op.allow_spinning", "0");
    return options;
  }
}
