/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small CPU-bound workload in the spirit of CoreMark: list reversal and
 * search, an integer matrix multiply, a CRC over a buffer and an
 * insertion sort, mixed by a linear congruential generator. Freestanding:
 * the same code runs bare-metal under lkvm and as a user program under
 * qemu-loongarch64 (bench/bench.mk).
 */
#include <stdint.h>
#include <stddef.h>

#define N_MAT	16
#define N_LIST	128
#define N_BUF	1024
#define N_SORT	64

struct node {
	struct node *next;
	uint32_t val;
};

static struct node nodes[N_LIST];
static int32_t ma[N_MAT * N_MAT], mb[N_MAT * N_MAT], mc[N_MAT * N_MAT];
static uint8_t buf[N_BUF];
static uint32_t arr[N_SORT];
static uint32_t seed;

/* clang may call these for loops it recognises */
void *memset(void *d, int c, size_t n)
{
	volatile uint8_t *p = d;

	while (n--)
		*p++ = (uint8_t)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	volatile uint8_t *p = d;
	const uint8_t *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

static uint32_t rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

static struct node *list_reverse(struct node *h)
{
	struct node *prev = NULL;

	while (h) {
		struct node *n = h->next;

		h->next = prev;
		prev = h;
		h = n;
	}
	return prev;
}

static uint32_t list_work(struct node *h, uint32_t key)
{
	uint32_t found = 0, sum = 0;

	for (; h; h = h->next) {
		sum += h->val;
		if ((h->val & 0xff) == key)
			found++;
	}
	return sum ^ (found << 16);
}

static uint32_t matmul(void)
{
	uint32_t s = 0;

	for (int i = 0; i < N_MAT; i++)
		for (int j = 0; j < N_MAT; j++) {
			int32_t acc = 0;

			for (int k = 0; k < N_MAT; k++)
				acc += ma[i * N_MAT + k] * mb[k * N_MAT + j];
			mc[i * N_MAT + j] = acc;
			s += (uint32_t)acc;
		}
	return s;
}

static uint32_t crc32(const uint8_t *p, size_t n)
{
	uint32_t crc = ~0u;

	while (n--) {
		crc ^= *p++;
		for (int b = 0; b < 8; b++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

static uint32_t sort(void)
{
	for (int i = 0; i < N_SORT; i++)
		arr[i] = rnd();
	for (int i = 1; i < N_SORT; i++) {
		uint32_t v = arr[i];
		int j = i - 1;

		while (j >= 0 && arr[j] > v) {
			arr[j + 1] = arr[j];
			j--;
		}
		arr[j + 1] = v;
	}
	return arr[0] ^ arr[N_SORT / 2] ^ arr[N_SORT - 1];
}

uint32_t bench_run(uint32_t iters)
{
	struct node *head = NULL;
	uint32_t sum = 0;

	seed = 1;
	for (int i = 0; i < N_LIST; i++) {
		nodes[i].val = rnd();
		nodes[i].next = head;
		head = &nodes[i];
	}
	for (int i = 0; i < N_MAT * N_MAT; i++) {
		ma[i] = (int32_t)(rnd() & 0xffff) - 0x8000;
		mb[i] = (int32_t)(rnd() & 0xffff) - 0x8000;
	}
	for (int i = 0; i < N_BUF; i++)
		buf[i] = (uint8_t)rnd();

	for (uint32_t it = 0; it < iters; it++) {
		head = list_reverse(head);
		sum += list_work(head, it & 0xff);
		sum += matmul();
		ma[it % (N_MAT * N_MAT)] ^= (int32_t)sum;
		buf[it % N_BUF] ^= (uint8_t)sum;
		sum += crc32(buf, 256);
		sum += sort();
	}
	return sum;
}
