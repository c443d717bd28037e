package dev.gatehouse.api.hostile;

import java.util.Random;

/**
 * A generator of hostile cases of one kind. {@link #build} must depend only on its arguments, so a
 * seed and an index replay a case exactly (up to the server-assigned ids in {@link Fixtures}).
 * Generators cycle through their variants by {@code index} and draw parameters from {@code random}.
 */
interface Family {
    String name();

    Attack build(int index, Random random, Fixtures f);
}
