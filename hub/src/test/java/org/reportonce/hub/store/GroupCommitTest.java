package org.reportonce.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class GroupCommitTest {

    private Database db;
    private GroupCommit commits;
    private final ExecutorService callers = Executors.newFixedThreadPool(8);

    @BeforeEach
    void open() {
        db = Database.open(null, null);
        commits = new GroupCommit(db, "test", 1, 64);
    }

    @AfterEach
    void close() {
        callers.shutdownNow();
        commits.close();
        db.close();
    }

    private int insert(org.jdbi.v3.core.Handle h, String id) {
        return h.createUpdate("INSERT INTO member (id, display_name, role, created_at) VALUES (:id, :id, 'PLATFORM', 0)").bind("id", id).execute();
    }

    private List<String> members() {
        return db.read(h -> h.createQuery("SELECT id FROM member ORDER BY id").mapTo(String.class).list());
    }

    @Test
    void aUnitThatFails_isRolledBackAlone_whileTheRestOfItsBatchCommits() throws Exception {
        CountDownLatch queued = new CountDownLatch(1);
        // hold the only committer inside a transaction so the next three units queue up as one batch
        Future<Integer> first = callers.submit(() -> commits.submit(h -> {
            try {
                queued.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return insert(h, "m0");
        }));
        Thread.sleep(200);
        Future<Integer> a = callers.submit(() -> commits.submit(h -> insert(h, "m1")));
        Future<Integer> b = callers.submit(() -> commits.submit(h -> {
            insert(h, "m2");
            throw new IllegalArgumentException("m2 is refused");
        }));
        Future<Integer> c = callers.submit(() -> commits.submit(h -> insert(h, "m3")));
        Thread.sleep(300);
        queued.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(c.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThatThrownBy(() -> b.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("m2 is refused");
        assertThat(members()).containsExactly("m0", "m1", "m3");
    }

    @Test
    void manyConcurrentUnits_eachGetTheirOwnResult_andAllAreCommittedWhenTheyReturn() throws Exception {
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = "c" + (1000 + i);
            results.add(callers.submit(() -> {
                String got = commits.submit(h -> {
                    insert(h, id);
                    return id;
                });
                // committed before submit returned: visible from another connection at once
                boolean visible = db.read(h -> h.createQuery("SELECT COUNT(*) FROM member WHERE id = :id").bind("id", id).mapTo(Integer.class).one()) == 1;
                return visible ? got : "invisible " + got;
            }));
        }
        List<String> got = new ArrayList<>();
        for (Future<String> f : results) got.add(f.get(30, TimeUnit.SECONDS));
        assertThat(got).hasSize(200).allMatch(s -> s.startsWith("c")).doesNotHaveDuplicates();
        assertThat(members()).hasSize(200);
    }

    @Test
    void afterClose_submitIsRefused_withAMessage() {
        commits.close();
        assertThatThrownBy(() -> commits.submit(h -> 1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("shutting down");
    }
}
