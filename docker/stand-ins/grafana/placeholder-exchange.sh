#!/bin/sh
# One HTTP exchange of the Grafana placeholder, on the connection busybox nc hands it as stdin and
# stdout: /api/health and /metrics, each with the Content-Type Grafana sends (Prometheus 3 refuses
# a scrape without a text-format one, which busybox httpd cannot set for a path without a suffix).
read -r _method path _version
# The rest of the request, so closing does not reset a connection with unread bytes.
while read -r line; do
  case $line in '' | "$(printf '\r')") break ;; esac
done
case $path in
  /api/health) type='application/json'; body=$(cat /srv/placeholder/api/health) ;;
  /metrics) type='text/plain; version=0.0.4; charset=utf-8'; body=$(cat /srv/placeholder/metrics) ;;
  *) printf 'HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'; exit 0 ;;
esac
printf 'HTTP/1.0 200 OK\r\nContent-Type: %s\r\nContent-Length: %s\r\nConnection: close\r\n\r\n%s\n' "$type" "$((${#body} + 1))" "$body"
