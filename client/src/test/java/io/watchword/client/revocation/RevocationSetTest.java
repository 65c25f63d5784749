package io.watchword.client.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RevocationSetTest {

    private final RevocationSet set = new RevocationSet();

    @Test
    void theNewestStateOfACredentialWins() {
        set.put("key_a", RevocationSet.SUSPENDED);
        assertThat(set.statusOf("key_a")).isEqualTo(RevocationSet.SUSPENDED);

        set.put("key_a", RevocationSet.REVOKED);
        assertThat(set.statusOf("key_a")).isEqualTo(RevocationSet.REVOKED);
        assertThat(set.size()).isEqualTo(1);
    }

    @Test
    void aTombstoneOrReinstatementRemovesTheCredential() {
        set.put("key_a", RevocationSet.REVOKED);

        set.put("key_a", RevocationSet.NONE);

        assertThat(set.statusOf("key_a")).isEqualTo(RevocationSet.NONE);
        assertThat(set.size()).isZero();
    }

    @Test
    void unknownAndNullIdsAreNotRevoked() {
        set.put("key_a", RevocationSet.REVOKED);

        assertThat(set.statusOf("key_b")).isEqualTo(RevocationSet.NONE);
        assertThat(set.statusOf(null)).isEqualTo(RevocationSet.NONE);
    }

    @Test
    void agreesWithAHashMapThroughGrowthAndRandomRemovals() {
        Map<String, Byte> model = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            String id = "key_" + random.nextInt(50_000);
            byte status = (byte) random.nextInt(3);
            set.put(id, status);
            if (status == RevocationSet.NONE) {
                model.remove(id);
            } else {
                model.put(id, status);
            }
        }

        assertThat(set.size()).isEqualTo(model.size());
        for (int i = 0; i < 50_000; i++) {
            String id = "key_" + i;
            assertThat(set.statusOf(id)).as(id).isEqualTo(model.getOrDefault(id, RevocationSet.NONE));
        }
    }
}
