package dev.metarag.trainer.grpc;

import dev.metarag.proto.v1.Job;
import dev.metarag.proto.v1.JobState;
import dev.metarag.proto.v1.ListJobsRequest;
import dev.metarag.proto.v1.ListJobsResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Pages of the job list, newest first, each job as {@link ListedJob} shows it. A page token names
 * the last job of the previous page and the filter it was made for, so a token used with another
 * filter is refused.
 */
final class JobPages {
  private JobPages() {}

  static ListJobsResponse page(List<Job> newestFirst, ListJobsRequest request) {
    int size = request.getPageSize() == 0 ? 50 : request.getPageSize();
    if (size < 1 || size > 500) {
      throw MetaTrainerGrpcService.invalid(
          "page_size: must be between 1 and 500 (0 means 50), got " + request.getPageSize());
    }
    for (JobState s : request.getStatesList()) {
      if (s == JobState.JOB_STATE_UNSPECIFIED || s == JobState.UNRECOGNIZED) {
        throw MetaTrainerGrpcService.invalid("states: " + s + " is not a job state");
      }
    }
    Set<JobState> states = Set.copyOf(request.getStatesList());
    String filter = states.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    List<Job> matching =
        newestFirst.stream()
            .filter(j -> states.isEmpty() || states.contains(j.getState()))
            .toList();
    int from = 0;
    if (!request.getPageToken().isEmpty()) {
      String after = afterId(request.getPageToken(), filter);
      from = matching.size();
      for (int i = 0; i < matching.size(); i++) {
        if (matching.get(i).getId().equals(after)) {
          from = i + 1;
          break;
        }
      }
    }
    int to = Math.min(matching.size(), from + size);
    ListJobsResponse.Builder out =
        ListJobsResponse.newBuilder()
            .addAllJobs(matching.subList(from, to).stream().map(ListedJob::of).toList());
    if (to < matching.size()) {
      out.setNextPageToken(token(matching.get(to - 1).getId(), filter));
    }
    return out.build();
  }

  private static String token(String lastId, String filter) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((filter + "|" + lastId).getBytes(StandardCharsets.UTF_8));
  }

  private static String afterId(String token, String filter) {
    String decoded;
    try {
      decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw MetaTrainerGrpcService.invalid(
          "page_token: malformed; pass next_page_token as it was returned");
    }
    int bar = decoded.lastIndexOf('|');
    if (bar < 0 || !decoded.substring(0, bar).equals(filter)) {
      throw MetaTrainerGrpcService.invalid(
          "page_token: made for another states filter; start again without a token");
    }
    return decoded.substring(bar + 1);
  }
}
