/* The bounded FIFO between threads (live_queue.h). */
#include "live_queue.h"

#include <stdlib.h>

int live_queue_init(live_queue *q, size_t cap) {
  q->items = calloc(cap ? cap : 1, sizeof *q->items);
  if (!q->items) return -1;
  q->cap = cap ? cap : 1, q->head = q->count = q->peak = 0, q->closed = false;
  pthread_mutex_init(&q->mu, NULL);
  pthread_cond_init(&q->ready, NULL);
  return 0;
}

bool live_queue_push(live_queue *q, void *item) {
  pthread_mutex_lock(&q->mu);
  bool ok = !q->closed && q->count < q->cap;
  if (ok) {
    q->items[(q->head + q->count++) % q->cap] = item;
    if (q->count > q->peak) q->peak = q->count;
    pthread_cond_signal(&q->ready);
  }
  pthread_mutex_unlock(&q->mu);
  return ok;
}

void *live_queue_pop(live_queue *q) {
  pthread_mutex_lock(&q->mu);
  while (!q->count && !q->closed) pthread_cond_wait(&q->ready, &q->mu);
  void *item = NULL;
  if (q->count) {
    item = q->items[q->head];
    q->head = (q->head + 1) % q->cap, q->count--;
  }
  pthread_mutex_unlock(&q->mu);
  return item;
}

void live_queue_close(live_queue *q) {
  pthread_mutex_lock(&q->mu);
  q->closed = true;
  pthread_cond_broadcast(&q->ready);
  pthread_mutex_unlock(&q->mu);
}

size_t live_queue_peak(live_queue *q) {
  pthread_mutex_lock(&q->mu);
  size_t peak = q->peak;
  pthread_mutex_unlock(&q->mu);
  return peak;
}

void live_queue_free(live_queue *q) {
  free(q->items);
  pthread_mutex_destroy(&q->mu);
  pthread_cond_destroy(&q->ready);
  q->items = NULL;
}
