/* The HTTP side shared by the component servers (formfuzz-vm, -econ, -mcp,
 * -infer): a libmicrohttpd daemon on 127.0.0.1 only (one polling thread, at
 * most 64 connections, 10 s connection timeout) that runs until SIGINT,
 * SIGTERM or its time limit, calling an optional tick every 100 ms, and the
 * clean-up of a request's upload (a struct holding an ff_request_body). */
#ifndef FF_LOOPBACK_HTTP_H
#define FF_LOOPBACK_HTTP_H

#include <microhttpd.h>
#include <stddef.h>

typedef struct ff_loopback_http {
  const char *name;        /* in messages: "formfuzz-vm" */
  long port, max_time;     /* 1..65535; seconds */
  const char *detail;      /* appended to the "listening" line, or NULL */
  MHD_AccessHandlerCallback handler;
  void *handler_cls;
  /* Optional: MHD_OPTION_URI_LOG_CALLBACK (sees the request target as sent). */
  void *(*uri_log)(void *cls, const char *uri, struct MHD_Connection *c);
  /* Optional: called every 100 ms on the main thread while serving. */
  void (*tick)(void *cls);
  void *tick_cls;
  /* Offset of the ff_request_body inside the heap struct a handler keeps in
   * *con_cls; the struct is freed with its body when the request ends. */
  size_t body_offset;
} ff_loopback_http;

/* Serves until a signal or the time limit; 0 then, 1 (after a message) when
 * 127.0.0.1:port cannot be bound. */
int ff_loopback_http_run(const ff_loopback_http *s);

#endif
