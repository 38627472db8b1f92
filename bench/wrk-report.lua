-- wrk's summary as one tab-separated line: REPORT rate/s p50 p99 max (ms) errors (non-2xx answers, socket errors)
done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("REPORT\t%.0f\t%.1f\t%.1f\t%.1f\t%d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, errors))
  io.write(string.format("ANSWERED\t%d\n", summary.requests - e.status))
end
