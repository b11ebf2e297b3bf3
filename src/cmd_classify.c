/* rasd classify: label every sentence of articles; one record per sentence.
 *
 * The main thread reads input lines and batches them into jobs (about 64 KiB);
 * worker threads parse, split, featurize, predict and format each job's
 * records; the main thread writes jobs in input order. A text file is one
 * article even when its lines span several jobs: the writer renumbers its
 * sentences. Memory stays bounded whatever the input size. */
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "cmd.h"
#include "input.h"
#include "lines.h"
#include "model.h"

#define JOB_BYTES (64u << 10)

enum unit_kind { U_TEXT, U_JSON, U_SENTENCE };

struct unit {
    enum unit_kind kind;
    int file;      /* index into the file list */
    long line;     /* first input line */
    int cont;      /* continues the previous unit's article (text files) */
    size_t off, len; /* bytes in the job's text buffer */
    /* filled by the worker */
    long nsent;
    size_t replaced;
    size_t rec0, nrec; /* its records in job->recs */
    int bad;           /* a JSON record that could not be used */
};

struct rec {
    size_t num_at, num_len; /* the sentence number's bytes in job->out */
    long local;
};

struct job {
    char *text;
    size_t text_len, text_cap;
    struct unit *units;
    size_t nunits, units_cap;
    struct rasd_buf out;
    struct rec *recs;
    size_t nrecs, recs_cap;
    int state; /* 0 filling, 1 queued, 2 done */
    int rc;
    struct rasd_error err;
};

struct opts {
    enum rasd_input_mode mode;
    int tsv;
    int explain;
    int threads;
    const char *model_dir;
};

struct shared {
    const struct rasd_model *model;
    const struct opts *o;
    char **files;
    char **doc_ids; /* text-file article ids */
    struct job *jobs;
    size_t njobs;            /* ring size */
    size_t submitted, taken; /* job sequence numbers */
    int stop;
    pthread_mutex_t lock;
    pthread_cond_t cv_work, cv_done;
};

struct worker {
    struct shared *sh;
    struct rasd_pipeline *pl;
    struct rasd_featurizer f;
    struct rasd_fvec v;
    struct job *job;
    struct unit *unit;
    const char *doc, *date, *source;
};

/* ---- formatting one record ---- */

static void put_str(struct rasd_buf *b, const char *key, const char *v)
{
    rasd_buf_puts(b, ",\"");
    rasd_buf_puts(b, key);
    rasd_buf_puts(b, "\":");
    rasd_buf_json_string(b, v, strlen(v));
}

static void put_count(struct rasd_buf *b, long v, int json)
{
    if (v >= 0)
        rasd_buf_printf(b, "%ld", v);
    else if (json)
        rasd_buf_puts(b, "null");
}

struct contrib {
    int32_t idx;
    double c;
};

static int cmp_contrib(const void *a, const void *b)
{
    double x = ((const struct contrib *)a)->c, y = ((const struct contrib *)b)->c;
    return x > y ? -1 : x < y;
}

/* The (up to) five features that pushed label l most, as a JSON array. */
static void put_explain(struct worker *w, int l, struct rasd_buf *b)
{
    const struct rasd_model *m = w->sh->model;
    const struct rasd_label_model *lm = &m->label[l];
    struct contrib top[5];
    size_t n = 0;
    for (size_t i = 0; lm->w && i < w->v.n; i++) {
        double c = lm->w[w->v.index[i]] * w->v.value[i];
        if (c <= 0)
            continue;
        if (n < 5) {
            top[n++] = (struct contrib){w->v.index[i], c};
            qsort(top, n, sizeof *top, cmp_contrib);
        } else if (c > top[4].c) {
            top[4] = (struct contrib){w->v.index[i], c};
            qsort(top, n, sizeof *top, cmp_contrib);
        }
    }
    rasd_buf_puts(b, "[");
    for (size_t i = 0; i < n; i++) {
        char desc[600];
        const char *name = m->vocab.name[top[i].idx];
        if (name[0] == 'L' && w->f.lex_first[l] && strcmp(name + 2, rasd_label_names[l]) == 0)
            snprintf(desc, sizeof desc, "lexicon %s", w->f.lex_first[l]);
        else
            rasd_feature_describe(&m->vocab, top[i].idx, desc, sizeof desc);
        rasd_buf_puts(b, i ? ",{\"feature\":" : "{\"feature\":");
        rasd_buf_json_string(b, desc, strlen(desc));
        rasd_buf_printf(b, ",\"weight\":%.4f}", top[i].c);
    }
    rasd_buf_puts(b, "]");
}

static int format_record(struct worker *w, long sent, const struct rasd_sentence *s,
                         const struct rasd_prediction *pr)
{
    struct job *j = w->job;
    struct rasd_buf *b = &j->out;
    int json = !w->sh->o->tsv;
    if (j->nrecs == j->recs_cap) {
        size_t c = j->recs_cap ? j->recs_cap * 2 : 256;
        struct rec *nr = rasd_realloc(j->recs, c * sizeof *nr);
        if (!nr)
            return RASD_ENOMEM;
        j->recs = nr;
        j->recs_cap = c;
    }
    struct rec *r = &j->recs[j->nrecs++];
    r->local = sent;
    char num[24];
    int nl = snprintf(num, sizeof num, "%ld", sent);
    long killed = w->f.killed, injured = w->f.injured;
    if (json) {
        rasd_buf_puts(b, "{\"doc\":");
        rasd_buf_json_string(b, w->doc, strlen(w->doc));
        rasd_buf_puts(b, ",\"sent\":");
        r->num_at = b->len;
        rasd_buf_put(b, num, (size_t)nl);
        if (w->date)
            put_str(b, "date", w->date);
        if (w->source)
            put_str(b, "source", w->source);
        rasd_buf_puts(b, ",\"labels\":[");
        int first = 1;
        for (int l = 0; l < RASD_NLABELS; l++)
            if (pr->labels & (1u << l)) {
                rasd_buf_printf(b, "%s\"%s\"", first ? "" : ",", rasd_label_names[l]);
                first = 0;
            }
        rasd_buf_puts(b, "],\"p\":{");
        for (int l = 0; l < RASD_NLABELS; l++)
            rasd_buf_printf(b, "%s\"%s\":%.4f", l ? "," : "", rasd_label_names[l], pr->p[l]);
        rasd_buf_puts(b, "},\"killed\":");
        put_count(b, killed, 1);
        rasd_buf_puts(b, ",\"injured\":");
        put_count(b, injured, 1);
        rasd_buf_puts(b, ",\"text\":");
        rasd_buf_json_string(b, s->text, s->text_len);
        if (w->sh->o->explain) {
            rasd_buf_puts(b, ",\"explain\":{");
            int any = 0;
            for (int l = 0; l < RASD_NLABELS; l++)
                if (pr->labels & (1u << l)) {
                    rasd_buf_printf(b, "%s\"%s\":", any ? "," : "", rasd_label_names[l]);
                    put_explain(w, l, b);
                    any = 1;
                }
            rasd_buf_puts(b, "}");
        }
        rasd_buf_puts(b, "}\n");
    } else {
        rasd_buf_tsv_field(b, w->doc, strlen(w->doc));
        rasd_buf_puts(b, "\t");
        r->num_at = b->len;
        rasd_buf_put(b, num, (size_t)nl);
        rasd_buf_puts(b, "\t");
        if (w->date)
            rasd_buf_tsv_field(b, w->date, strlen(w->date));
        rasd_buf_puts(b, "\t");
        if (w->source)
            rasd_buf_tsv_field(b, w->source, strlen(w->source));
        char labs[64];
        rasd_labels_format(pr->labels, labs, sizeof labs);
        rasd_buf_printf(b, "\t%s", labs);
        for (int l = 0; l < RASD_NLABELS; l++)
            rasd_buf_printf(b, "\t%.4f", pr->p[l]);
        rasd_buf_puts(b, "\t");
        put_count(b, killed, 0);
        rasd_buf_puts(b, "\t");
        put_count(b, injured, 0);
        rasd_buf_puts(b, "\t");
        rasd_buf_tsv_field(b, s->text, s->text_len);
        rasd_buf_puts(b, "\n");
    }
    r->num_len = (size_t)nl;
    return b->oom ? RASD_ENOMEM : 0;
}

static int on_sentence(const struct rasd_sentence *s, void *ud)
{
    struct worker *w = ud;
    struct rasd_prediction pr;
    int rc = rasd_features_extract(&w->f, s, &w->v);
    if (rc)
        return rc;
    rasd_model_predict(w->sh->model, &w->v, &pr);
    w->unit->nsent++;
    return format_record(w, w->unit->nsent, s, &pr);
}

/* ---- a worker's share of a job ---- */

static const char *json_opt(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void warn_bad(struct worker *w, const char *why)
{
    w->unit->bad = 1;
    cli_warn("%s:%ld: skipped article: %s", w->sh->files[w->unit->file], w->unit->line, why);
}

static int run_unit(struct worker *w, struct unit *u)
{
    struct job *j = w->job;
    char *text = j->text + u->off;
    w->unit = u;
    u->nsent = 0;
    u->rec0 = j->nrecs;
    w->date = w->source = NULL;
    rasd_pipeline_reset_replaced(w->pl);
    int rc = 0;
    struct rasd_error *e = &j->err;
    if (u->kind == U_TEXT) {
        w->doc = w->sh->doc_ids[u->file];
        rc = rasd_pipeline_split(w->pl, text, u->len, on_sentence, w, e);
    } else if (u->kind == U_JSON) {
        json_error_t je;
        json_t *o = json_loadb(text, u->len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
        json_t *t = o ? json_object_get(o, "text") : NULL;
        char idbuf[32];
        if (!o) {
            char why[300];
            snprintf(why, sizeof why, "invalid JSON: %s", je.text);
            warn_bad(w, why);
        } else if (!json_is_object(o) || !json_is_string(t)) {
            warn_bad(w, "record has no string field 'text'");
        } else {
            json_t *id = json_object_get(o, "id");
            if (json_is_string(id)) {
                w->doc = json_string_value(id);
            } else if (json_is_integer(id)) {
                snprintf(idbuf, sizeof idbuf, "%" JSON_INTEGER_FORMAT, json_integer_value(id));
                w->doc = idbuf;
            } else {
                snprintf(idbuf, sizeof idbuf, "line%ld", u->line);
                w->doc = idbuf;
            }
            w->date = json_opt(o, "date");
            w->source = json_opt(o, "source");
            rc = rasd_pipeline_split(w->pl, json_string_value(t), json_string_length(t),
                                     on_sentence, w, e);
        }
        json_decref(o);
    } else {
        /* id<TAB>text or id<TAB>labels<TAB>text (labels ignored), or text alone */
        char idbuf[64];
        char *tab = memchr(text, '\t', u->len);
        const char *s = text;
        size_t n = u->len;
        if (tab) {
            *tab = '\0';
            w->doc = text;
            s = tab + 1;
            n = u->len - (size_t)(s - text);
            char *tab2 = memchr(s, '\t', n);
            if (tab2) {
                n -= (size_t)(tab2 + 1 - s);
                s = tab2 + 1;
            }
        } else {
            snprintf(idbuf, sizeof idbuf, "line%ld", u->line);
            w->doc = idbuf;
        }
        struct rasd_sentence sent;
        rc = rasd_pipeline_analyze(w->pl, s, n, &sent, e);
        if (rc == 0) {
            u->nsent = 0;
            rc = on_sentence(&sent, w);
        }
    }
    u->replaced = rasd_pipeline_replaced(w->pl);
    u->nrec = j->nrecs - u->rec0;
    if (rc > 0)
        rc = RASD_ENOMEM;
    return rc;
}

static void run_job(struct worker *w, struct job *j)
{
    w->job = j;
    j->rc = 0;
    for (size_t i = 0; i < j->nunits && j->rc == 0; i++)
        j->rc = run_unit(w, &j->units[i]);
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct shared *sh = w->sh;
    pthread_mutex_lock(&sh->lock);
    for (;;) {
        while (!sh->stop && sh->taken == sh->submitted)
            pthread_cond_wait(&sh->cv_work, &sh->lock);
        if (sh->taken == sh->submitted && sh->stop)
            break;
        struct job *j = &sh->jobs[sh->taken % sh->njobs];
        sh->taken++;
        pthread_mutex_unlock(&sh->lock);
        run_job(w, j);
        pthread_mutex_lock(&sh->lock);
        j->state = 2;
        pthread_cond_broadcast(&sh->cv_done);
    }
    pthread_mutex_unlock(&sh->lock);
    return NULL;
}

static int worker_init(struct worker *w, struct shared *sh, struct rasd_error *e)
{
    memset(w, 0, sizeof *w);
    w->sh = sh;
    w->pl = rasd_pipeline_new(sh->model->text_flags, e);
    if (!w->pl)
        return e->code;
    rasd_featurizer_init(&w->f, &sh->model->feat, &sh->model->lex, &sh->model->vocab);
    return 0;
}

static void worker_release(struct worker *w)
{
    rasd_pipeline_free(w->pl);
    rasd_featurizer_release(&w->f);
    rasd_fvec_release(&w->v);
}

/* ---- the writer (main thread) ---- */

struct writer {
    long carry;          /* sentences so far of the current text article */
    long sentences;      /* records written */
    long bad;            /* articles skipped */
    size_t *replaced;    /* per file */
    long *replaced_line; /* per file: first unit line with a replacement */
    long *file_sents;    /* per file: records written; -1 when it could not be opened */
    int failed;          /* output error */
    int error;           /* a job failed */
};

static void write_job(struct writer *wr, struct job *j, char **files)
{
    if (j->rc) {
        char buf[1200];
        rasd_error_format(&j->err, buf, sizeof buf);
        cli_error("%s", buf);
        wr->error = 1;
    }
    size_t pos = 0;
    for (size_t u = 0; u < j->nunits; u++) {
        struct unit *un = &j->units[u];
        if (!un->cont)
            wr->carry = 0;
        if (un->replaced) {
            if (!wr->replaced[un->file])
                wr->replaced_line[un->file] = un->line;
            wr->replaced[un->file] += un->replaced;
        }
        wr->bad += un->bad;
        if (wr->carry) {
            for (size_t r = un->rec0; r < un->rec0 + un->nrec; r++) {
                struct rec *rc = &j->recs[r];
                fwrite(j->out.data + pos, 1, rc->num_at - pos, stdout);
                printf("%ld", rc->local + wr->carry);
                pos = rc->num_at + rc->num_len;
            }
        }
        if (un->kind == U_TEXT)
            wr->carry += un->nsent;
        wr->sentences += (long)un->nrec;
        wr->file_sents[un->file] += (long)un->nrec;
    }
    fwrite(j->out.data + pos, 1, j->out.len - pos, stdout);
    if (ferror(stdout))
        wr->failed = 1;
    (void)files;
}

static void job_reset(struct job *j)
{
    j->text_len = 0;
    j->nunits = 0;
    j->out.len = 0;
    j->nrecs = 0;
    j->state = 0;
    j->rc = 0;
    memset(&j->err, 0, sizeof j->err);
}

static void job_release(struct job *j)
{
    rasd_free(j->text);
    rasd_free(j->units);
    rasd_free(j->recs);
    rasd_buf_release(&j->out);
}

/* Appends a line to the job as a new unit (one a line, so that a warning can
 * name the exact line). */
static int job_add(struct job *j, enum unit_kind kind, int file, long line, int cont,
                   const char *s, size_t n)
{
    if (j->text_len + n + 2 > j->text_cap) {
        size_t c = j->text_cap ? j->text_cap : JOB_BYTES * 2;
        while (c < j->text_len + n + 2)
            c *= 2;
        char *nt = rasd_realloc(j->text, c);
        if (!nt)
            return RASD_ENOMEM;
        j->text = nt;
        j->text_cap = c;
    }
    if (j->nunits == j->units_cap) {
        size_t c = j->units_cap ? j->units_cap * 2 : 64;
        struct unit *nu = rasd_realloc(j->units, c * sizeof *nu);
        if (!nu)
            return RASD_ENOMEM;
        j->units = nu;
        j->units_cap = c;
    }
    struct unit *u = &j->units[j->nunits++];
    memset(u, 0, sizeof *u);
    u->kind = kind;
    u->file = file;
    u->line = line;
    u->cont = cont;
    u->off = j->text_len;
    memcpy(j->text + j->text_len, s, n);
    j->text_len += n;
    j->text[j->text_len] = '\0';
    j->units[j->nunits - 1].len += n;
    return 0;
}

/* Hands a filled job to the worker threads, or, with none running, runs it
 * here on `inline_worker`. */
static void submit_job(struct shared *sh, struct job *j, struct worker *inline_worker)
{
    if (!inline_worker) {
        pthread_mutex_lock(&sh->lock);
        j->state = 1;
        sh->submitted++;
        pthread_cond_signal(&sh->cv_work);
        pthread_mutex_unlock(&sh->lock);
    } else {
        run_job(inline_worker, j);
        j->state = 2;
        sh->submitted++;
    }
}

/* ---- the command ---- */

static void help(void)
{
    printf("usage: rasd classify [-m MODEL] [options] [FILE...]\n"
           "\n"
           "Splits articles into sentences and labels each with the events it reports\n"
           "(attack, retaliation, evacuation, casualty), their probabilities and the\n"
           "killed and injured figures it gives. One record per sentence, in input\n"
           "order, on stdout. Reads standard input when no FILE (or '-') is given.\n"
           "\n"
           "options:\n"
           "  -m, --model DIR      model directory (default: the shipped model,\n"
           "                       models/default, or $RASD_MODEL)\n"
           "  -i, --input MODE     text (default: each file is one article, named by\n"
           "                       its file name), jsonl (one article a line: id, text,\n"
           "                       optional date, source, title), sentences (one a\n"
           "                       line: text, id<TAB>text or id<TAB>labels<TAB>text)\n"
           "      --sentences      the same as --input sentences\n"
           "  -f, --format FMT     jsonl (default) or tsv (with a header line)\n"
           "      --explain        add, per predicted label, the 5 features that pushed\n"
           "                       it most (JSON Lines only)\n"
           "  -j, --threads N      worker threads (default 1)\n"
           "  -h, --help           show this help\n"
           "\n"
           "records: doc, sent, date and source (when known), labels, p (probability\n"
           "per label), killed, injured (null when not reported), text.\n"
           "exit status: 0 ok; 1 when any file could not be read, any article was\n"
           "skipped, or output failed; 2 usage; 3 model missing or bad.\n");
}

int cmd_classify(int argc, char **argv)
{
    static const struct option lopts[] = {
        {"model", required_argument, NULL, 'm'},   {"input", required_argument, NULL, 'i'},
        {"sentences", no_argument, NULL, 'S'},      {"format", required_argument, NULL, 'f'},
        {"explain", no_argument, NULL, 'E'},        {"threads", required_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    struct opts o = {RASD_IN_TEXT, 0, 0, 1, NULL};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+m:i:f:j:h", lopts, NULL)) != -1) {
        switch (c) {
        case 'm': o.model_dir = optarg; break;
        case 'i':
            if (strcmp(optarg, "text") == 0)
                o.mode = RASD_IN_TEXT;
            else if (strcmp(optarg, "jsonl") == 0)
                o.mode = RASD_IN_JSONL;
            else if (strcmp(optarg, "sentences") == 0)
                o.mode = RASD_IN_SENTENCES;
            else
                return cli_usage("classify", "unknown input mode '%s' (text, jsonl, sentences)",
                                 optarg);
            break;
        case 'S': o.mode = RASD_IN_SENTENCES; break;
        case 'f':
            if (strcmp(optarg, "jsonl") == 0 || strcmp(optarg, "json") == 0)
                o.tsv = 0;
            else if (strcmp(optarg, "tsv") == 0)
                o.tsv = 1;
            else
                return cli_usage("classify", "unknown format '%s' (jsonl or tsv)", optarg);
            break;
        case 'E': o.explain = 1; break;
        case 'j': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 64)
                return cli_usage("classify", "bad --threads '%s' (1 to 64)", optarg);
            o.threads = (int)v;
            break;
        }
        case 'h': help(); return cli_finish(EXIT_OK);
        default:
            if (optopt && optopt < 256)
                return cli_usage("classify", "unknown option '-%c'", optopt);
            return cli_usage("classify", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (o.explain && o.tsv)
        return cli_usage("classify", "--explain needs the jsonl format");
    if (!o.model_dir)
        o.model_dir = cli_default_model();

    struct rasd_model model;
    rasd_model_init(&model);
    struct rasd_error e = {0};
    if (rasd_model_load(&model, o.model_dir, &e)) {
        cli_report(&e);
        rasd_model_release(&model);
        return cli_exit_code(e.code == RASD_ENOMEM ? RASD_ENOMEM : RASD_EMODEL);
    }

    char *stdin_only[] = {"-"};
    char **files = optind < argc ? argv + optind : stdin_only;
    int nfiles = optind < argc ? argc - optind : 1;
    struct shared sh;
    memset(&sh, 0, sizeof sh);
    sh.model = &model;
    sh.o = &o;
    sh.files = files;
    sh.njobs = (size_t)o.threads * 2 + 1;
    sh.jobs = rasd_calloc(sh.njobs, sizeof *sh.jobs);
    sh.doc_ids = rasd_calloc((size_t)nfiles, sizeof *sh.doc_ids);
    struct writer wr;
    memset(&wr, 0, sizeof wr);
    wr.replaced = rasd_calloc((size_t)nfiles, sizeof *wr.replaced);
    wr.replaced_line = rasd_calloc((size_t)nfiles, sizeof *wr.replaced_line);
    wr.file_sents = rasd_calloc((size_t)nfiles, sizeof *wr.file_sents);
    struct worker *ws = rasd_calloc((size_t)o.threads, sizeof *ws);
    int status = EXIT_OK, nworkers = 0, started = 0;
    pthread_t th[64];
    if (!sh.jobs || !sh.doc_ids || !wr.replaced || !wr.replaced_line || !wr.file_sents || !ws) {
        cli_error("out of memory");
        status = EXIT_DATA;
        goto done;
    }
    for (int i = 0; i < nfiles; i++) {
        char id[512];
        cli_doc_id(files[i], id, sizeof id);
        if (!(sh.doc_ids[i] = rasd_strdup(id))) {
            cli_error("out of memory");
            status = EXIT_DATA;
            goto done;
        }
    }
    pthread_mutex_init(&sh.lock, NULL);
    pthread_cond_init(&sh.cv_work, NULL);
    pthread_cond_init(&sh.cv_done, NULL);
    for (int t = 0; t < o.threads; t++) {
        if (worker_init(&ws[t], &sh, &e)) {
            cli_report(&e);
            status = EXIT_DATA;
            goto stop;
        }
        nworkers++;
    }
    if (o.threads > 1)
        for (int t = 0; t < o.threads; t++) {
            if (pthread_create(&th[t], NULL, worker_main, &ws[t]) != 0)
                break;
            started++;
        }

    if (o.tsv)
        printf("doc\tsent\tdate\tsource\tlabels\tp_attack\tp_retaliation\tp_evacuation"
               "\tp_casualty\tkilled\tinjured\ttext\n");
    size_t seq = 0, written = 0; /* jobs submitted and written */
    struct job *cur = &sh.jobs[0];
    job_reset(cur);
    /* Submits the current job and writes finished ones in order; returns the next job. */
#define FLUSH_UPTO(limit)                                                                  \
    do {                                                                                   \
        pthread_mutex_lock(&sh.lock);                                                      \
        while (written < (limit)) {                                                        \
            struct job *wj = &sh.jobs[written % sh.njobs];                                 \
            while (wj->state != 2)                                                         \
                pthread_cond_wait(&sh.cv_done, &sh.lock);                                  \
            pthread_mutex_unlock(&sh.lock);                                                \
            write_job(&wr, wj, files);                                                     \
            written++;                                                                     \
            pthread_mutex_lock(&sh.lock);                                                  \
        }                                                                                  \
        pthread_mutex_unlock(&sh.lock);                                                    \
    } while (0)

    for (int fi = 0; fi < nfiles && !wr.failed; fi++) {
        FILE *fp = cli_open(files[fi]);
        if (!fp) {
            status = EXIT_DATA;
            wr.file_sents[fi] = -1;
            continue;
        }
        struct rasd_lines r;
        enum unit_kind kind = o.mode == RASD_IN_TEXT    ? U_TEXT
                              : o.mode == RASD_IN_JSONL ? U_JSON
                                                        : U_SENTENCE;
        if (rasd_lines_init(&r, fp, files[fi], kind == U_TEXT ? RASD_MAX_LINE : RASD_MAX_RECORD,
                            kind == U_TEXT, &e)) {
            cli_report(&e);
            cli_close(fp);
            status = EXIT_DATA;
            break;
        }
        int first_piece = 1, rc;
        char *line;
        size_t len;
        while (!wr.failed && (rc = rasd_lines_next(&r, &line, &len, &e)) > 0) {
            size_t k = 0;
            while (k < len && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r'))
                k++;
            if (k == len || (kind == U_SENTENCE && line[0] == '#'))
                continue; /* a blank line gives no sentence in any mode */
            if (kind != U_TEXT && line[len - 1] == '\r')
                len--;
            int cont = kind == U_TEXT && !first_piece;
            if (job_add(cur, kind, fi, r.lineno, cont, line, len)) {
                cli_error("out of memory");
                wr.failed = 1;
                break;
            }
            first_piece = 0;
            if (cur->text_len >= JOB_BYTES) {
                /* submit */
                submit_job(&sh, cur, started ? NULL : &ws[0]);
                seq++;
                if (seq - written >= sh.njobs)
                    FLUSH_UPTO(seq - sh.njobs + 1);
                cur = &sh.jobs[seq % sh.njobs];
                job_reset(cur);
            }
        }
        if (rc < 0) {
            cli_report(&e);
            status = EXIT_DATA;
        }
        cli_warn_encoding(files[fi], r.encoding);
        rasd_lines_release(&r);
        cli_close(fp);
    }
    if (cur->nunits) {
        submit_job(&sh, cur, started ? NULL : &ws[0]);
        seq++;
    }
    FLUSH_UPTO(seq);
#undef FLUSH_UPTO
stop:
    pthread_mutex_lock(&sh.lock);
    sh.stop = 1;
    pthread_cond_broadcast(&sh.cv_work);
    pthread_mutex_unlock(&sh.lock);
    for (int t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    pthread_mutex_destroy(&sh.lock);
    pthread_cond_destroy(&sh.cv_work);
    pthread_cond_destroy(&sh.cv_done);
    for (int fi = 0; fi < nfiles; fi++)
        if (wr.replaced[fi])
            cli_warn("%s: %zu invalid UTF-8 sequence%s or NUL byte%s replaced by U+FFFD "
                     "(first on line %ld)",
                     files[fi], wr.replaced[fi], wr.replaced[fi] == 1 ? "" : "s",
                     wr.replaced[fi] == 1 ? "" : "s", wr.replaced_line[fi]);
    for (int fi = 0; fi < nfiles && !wr.failed && !wr.error; fi++)
        if (wr.file_sents[fi] == 0)
            cli_warn("%s: no sentences (the file is empty, only white space or skipped records)",
                     strcmp(files[fi], "-") ? files[fi] : "stdin");
    if (wr.bad) {
        cli_warn("%ld article%s skipped", wr.bad, wr.bad == 1 ? "" : "s");
        status = EXIT_DATA;
    }
    if (wr.error)
        status = EXIT_DATA;
    if (status == EXIT_OK && wr.sentences == 0 && !wr.failed) {
        cli_error("no sentences in the input");
        status = EXIT_DATA;
    }
done:
    for (int t = 0; t < nworkers; t++)
        worker_release(&ws[t]);
    for (size_t i = 0; sh.jobs && i < sh.njobs; i++)
        job_release(&sh.jobs[i]);
    for (int i = 0; sh.doc_ids && i < nfiles; i++)
        rasd_free(sh.doc_ids[i]);
    rasd_free(sh.doc_ids);
    rasd_free(sh.jobs);
    rasd_free(ws);
    rasd_free(wr.replaced);
    rasd_free(wr.replaced_line);
    rasd_free(wr.file_sents);
    rasd_model_release(&model);
    return cli_finish(status);
}
