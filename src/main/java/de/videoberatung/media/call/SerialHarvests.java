package de.videoberatung.media.call;

import org.ice4j.TransportAddress;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.harvest.StunCandidateHarvest;
import org.ice4j.ice.harvest.StunCandidateHarvester;
import org.ice4j.ice.harvest.TurnCandidateHarvest;
import org.ice4j.ice.harvest.TurnCandidateHarvester;
import org.ice4j.message.Response;
import org.ice4j.security.LongTermCredential;

/**
 * ice4j's {@code Component.findLocalCandidate} walks the component's candidate list without the lock that
 * {@code addLocalCandidate} takes. When two harvests of one component answer at once (TURN over UDP and over TCP
 * within a millisecond, on two of ice4j's message threads), one of them throws ConcurrentModificationException
 * while it makes its relayed candidate, and that candidate is lost (seen in IceTransportRelayIT on a loaded
 * machine). Every harvest of ours therefore makes its candidates under {@link #CANDIDATES}; it takes microseconds.
 */
final class SerialHarvests {

    /** Held while a harvest makes and adds its candidates. */
    static final Object CANDIDATES = new Object();

    private SerialHarvests() {
    }

    /** ice4j's STUN harvester, its candidates made under the lock. */
    static final class Stun extends StunCandidateHarvester {
        Stun(TransportAddress server) {
            super(server);
        }

        @Override
        protected StunCandidateHarvest createHarvest(HostCandidate base) {
            return new StunCandidateHarvest(this, base) {
                @Override
                protected void createCandidates(Response response) {
                    synchronized (CANDIDATES) {
                        super.createCandidates(response);
                    }
                }
            };
        }
    }

    /** ice4j's TURN-over-UDP harvester, its candidates made under the lock. */
    static final class Turn extends TurnCandidateHarvester {
        Turn(TransportAddress server, LongTermCredential credential) {
            super(server, credential);
        }

        @Override
        protected TurnCandidateHarvest createHarvest(HostCandidate base) {
            return new TurnCandidateHarvest(this, base) {
                @Override
                protected void createCandidates(Response response) {
                    synchronized (CANDIDATES) {
                        super.createCandidates(response);
                    }
                }
            };
        }
    }
}
