// The parse floor: how long Debian's tree-sitter runtime takes to parse a file with our Python
// grammar, from C, with nothing of Umlaut around it. `bench/parse-floor.sh` builds it with the
// grammar compiled several ways. Thread CPU time per parse, median and minimum over N parses;
// then the incremental re-parse after one character typed at the end of a random line (what
// the language server does on the actor for each edit), median over N edits.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_python(void);

static double cpu_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s FILE PARSES LABEL\n", argv[0]);
        return 2;
    }
    FILE *file = fopen(argv[1], "rb");
    if (!file) {
        perror(argv[1]);
        return 2;
    }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    rewind(file);
    char *text = malloc(size);
    if (fread(text, 1, size, file) != (size_t)size) return 2;
    fclose(file);

    int parses = atoi(argv[2]);
    double *times = malloc(sizeof(double) * parses);
    TSParser *parser = ts_parser_new();
    ts_parser_set_language(parser, tree_sitter_python());
    for (int i = 0; i < parses; i++) {
        double start = cpu_ms();
        TSTree *tree = ts_parser_parse_string(parser, NULL, text, size);
        ts_tree_delete(tree);
        times[i] = cpu_ms() - start;
    }
    qsort(times, parses, sizeof(double), by_value);
    printf("%-44s median %6.2f ms  min %6.2f ms  %4.1f MB/s\n", argv[3], times[parses / 2], times[0],
           size / 1e3 / times[parses / 2]);

    // Incremental: 'x' typed at the end of a random line, the old tree edited and reused.
    TSTree *tree = ts_parser_parse_string(parser, NULL, text, size);
    long *line_ends = malloc(sizeof(long) * (size + 1));
    long lines = 0;
    for (long i = 0; i < size; i++)
        if (text[i] == '\n') line_ends[lines++] = i;
    char *edited = malloc(size + 1);
    srand(42);
    for (int i = 0; i < parses && lines > 1; i++) {
        long line = rand() % lines, at = line_ends[line];
        long column = at - (line ? line_ends[line - 1] + 1 : 0);
        memcpy(edited, text, at);
        edited[at] = 'x';
        memcpy(edited + at + 1, text + at, size - at);
        TSTree *old = ts_tree_copy(tree);
        TSInputEdit edit = {
            .start_byte = at, .old_end_byte = at, .new_end_byte = at + 1,
            .start_point = {line, column}, .old_end_point = {line, column}, .new_end_point = {line, column + 1}};
        ts_tree_edit(old, &edit);
        double start = cpu_ms();
        TSTree *reparsed = ts_parser_parse_string(parser, old, edited, size + 1);
        times[i] = cpu_ms() - start;
        ts_tree_delete(reparsed);
        ts_tree_delete(old);
    }
    qsort(times, parses, sizeof(double), by_value);
    printf("%-44s median %6.2f ms  max %6.2f ms\n", "  incremental, one character typed", times[parses / 2],
           times[parses - 1]);
    return 0;
}
