-- wrk script: prints the latency percentiles TagDesk's goals are stated in.
done = function(summary, latency, requests)
  io.write(string.format("wrk: %d requests, p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, %.0f requests/s\n",
    summary.requests, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6)))
end
