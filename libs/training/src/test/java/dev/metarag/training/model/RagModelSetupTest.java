package dev.metarag.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.metarag.training.bert.BertConfig;
import dev.metarag.training.rag.RagParameters;
import org.junit.jupiter.api.Test;

class RagModelSetupTest {

  @Test
  void anUnknownModelIsRefusedWithTheNamesThatExist() {
    assertThatThrownBy(() -> RagModelSetup.of("bert-large"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bert-large")
        .hasMessageContaining(RagModelSetup.MINILM)
        .hasMessageContaining(RagModelSetup.TINY);
  }

  @Test
  void miniLmHasAnOnnxGraphToExportIntoAndTheTinyModelHasNone() throws Exception {
    RagModelSetup miniLm = RagModelSetup.of(RagModelSetup.MINILM);
    RagModelSetup tiny = RagModelSetup.of(RagModelSetup.TINY);

    assertThat(miniLm.config()).isEqualTo(BertConfig.MINILM_L6);
    assertThat(miniLm.onnxBase()).isPresent();
    assertThat(tiny.config()).isEqualTo(RagModelSetup.TINY_CONFIG);
    assertThat(tiny.onnxBase()).isEmpty();
    assertThat(tiny.name()).isEqualTo(RagModelSetup.TINY);
    assertThat(tiny.model().config()).isEqualTo(RagModelSetup.TINY_CONFIG);
  }

  @Test
  void initialParametersStartBothEncodersAlikeAndDependOnTheSeed() throws Exception {
    RagModelSetup tiny = RagModelSetup.of(RagModelSetup.TINY);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      RagParameters a = tiny.initialParameters(3, manager);
      RagParameters again = tiny.initialParameters(3, manager);
      RagParameters other = tiny.initialParameters(4, manager);

      String layer = "encoder.layer.0.attention.self.query.weight";
      assertThat(a.get(RagParameters.QUERY_PREFIX + layer))
          .isEqualTo(a.get(RagParameters.READER_PREFIX + layer));
      assertThat(again.get(RagParameters.SPAN_WEIGHT)).isEqualTo(a.get(RagParameters.SPAN_WEIGHT));
      assertThat(other.get(RagParameters.SPAN_WEIGHT))
          .isNotEqualTo(a.get(RagParameters.SPAN_WEIGHT));
      assertThat(a.get(RagParameters.SPAN_WEIGHT).getShape().get(0))
          .isEqualTo(RagModelSetup.HIDDEN);
    }
  }
}
