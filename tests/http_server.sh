# http_server.sh - sourced by the drivers that send HTTP requests
# (tests/run.sh, tests/example.sh) and by ./quickstart: starts and stops
# tests/http_server.py, the local server of the HTTP cases.
#
#   http_server_start SCRIPT DIR   starts SCRIPT (the path of http_server.py)
#                                  with its files in DIR; sets http_port,
#                                  http_closed_port (nothing listens there),
#                                  http_tls_port (HTTPS) and http_pid; status
#                                  1 with a message when it does not start
#                                  within 10 s
#   http_server_stop               stops it (nothing when it is not running);
#                                  call it from the driver's EXIT trap too
#
# The server also ends on its own when the shell that started it is gone.
# Requests to 127.0.0.1 and localhost never go through a proxy that the
# environment names.

http_pid=""
http_port=""
http_closed_port=""
http_tls_port=""
NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
no_proxy=$NO_PROXY
export NO_PROXY no_proxy

http_server_start() {
    rm -f "$2/http.port"
    python3 "$1" --port-file "$2/http.port" --parent $$ >"$2/http.log" 2>&1 &
    http_pid=$!
    tries=0
    while [ ! -s "$2/http.port" ]; do
        if ! kill -0 "$http_pid" 2>/dev/null || [ "$tries" -ge 100 ]; then
            echo "http_server: $1 did not start" >&2
            sed 's/^/    /' "$2/http.log" >&2
            http_server_stop
            return 1
        fi
        sleep 0.1
        tries=$((tries + 1))
    done
    read -r http_port http_closed_port http_tls_port <"$2/http.port"
}

http_server_stop() {
    if [ -n "$http_pid" ]; then
        kill "$http_pid" 2>/dev/null
        wait "$http_pid" 2>/dev/null
        http_pid=""
    fi
}
