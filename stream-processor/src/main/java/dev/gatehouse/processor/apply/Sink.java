package dev.gatehouse.processor.apply;

/** The output topics of the topology, one sink node each. */
public enum Sink {
    /** Command results, key: the command's replyTo. */
    RESULTS,
    /** User state (read form), key: tenant/id; tombstone on delete. */
    USERS,
    /** Group state (read form, with members), key: tenant/id; tombstone on delete. */
    GROUPS,
    /** AccessChange events, key: tenant/id. */
    ACCESS_CHANGES,
    /** The next step of a membership change applied in steps: a CONTINUE command, key: tenant id. */
    COMMANDS,
    /** Commands answered without being applied, with the reason: CommandDeadLetter, key: tenant id. */
    COMMAND_DEAD_LETTERS,
    /** What a command did to each user it touched: TimelineEvent, key: tenant id. */
    TIMELINE
}
