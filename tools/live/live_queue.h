/* A bounded FIFO of pointers between threads: pushing never waits (a full
 * queue refuses, so a producer on a client's path is never slowed), popping
 * waits until an item comes or the queue is closed and empty. */
#ifndef FF_TOOLS_LIVE_QUEUE_H
#define FF_TOOLS_LIVE_QUEUE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct live_queue {
  pthread_mutex_t mu;
  pthread_cond_t ready;
  void **items;
  size_t cap, head, count, peak;
  bool closed;
} live_queue;

/* 0, or -1 when out of memory. cap >= 1. */
int live_queue_init(live_queue *q, size_t cap);
/* false when the queue is full or closed (the item stays the caller's). */
bool live_queue_push(live_queue *q, void *item);
/* The oldest item; waits for one. NULL once the queue is closed and empty. */
void *live_queue_pop(live_queue *q);
/* No more pushes; pop returns what is left, then NULL. */
void live_queue_close(live_queue *q);
/* The most items it held at once. */
size_t live_queue_peak(live_queue *q);
void live_queue_free(live_queue *q);

#endif
