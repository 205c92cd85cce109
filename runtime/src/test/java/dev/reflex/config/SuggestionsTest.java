package dev.reflex.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  @Test
  void shouldSuggestCloseKeysOnly() {
    List<String> keys = List.of("rate_limit", "rate", "min", "max", "safe");
    assertEquals(Optional.of("rate_limit"), Suggestions.closest("rate_limt", keys));
    assertEquals(Optional.of("rate_limit"), Suggestions.closest("rate_lmiit", keys));
    assertEquals(Optional.of("max"), Suggestions.closest("mxa", keys));
    assertEquals(Optional.empty(), Suggestions.closest("colour", keys));
  }

  @Test
  void shouldCountATranspositionAsOneEdit() {
    assertEquals(1, Suggestions.distance("ab", "ba"));
    assertEquals(3, Suggestions.distance("kitten", "sitting"));
  }
}
