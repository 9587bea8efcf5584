package org.karafpxe.support;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.Test;
import org.karafpxe.api.BootFile;
import org.karafpxe.api.BootFileSource;

/** The order sources are asked in, and rankings written as text in a {@code .cfg} file. */
public class RankedBootFileSourcesTest {

    private static BootFileSource named(String name) {
        return new BootFileSource() {
            @Override
            public Optional<org.karafpxe.api.BootFile> open(String path, java.net.InetSocketAddress client) {
                return Optional.empty();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @Test
    public void highestRankingFirstThenOldestService() {
        RankedBootFileSources sources = new RankedBootFileSources();
        BootFileSource directory = named("directory");
        BootFileSource scripts = named("scripts");
        BootFileSource images = named("images");
        BootFileSource late = named("late");
        sources.put(new RankedBootFileSources.Entry(directory, 0, 10, "directory"));
        sources.put(new RankedBootFileSources.Entry(scripts, 100, 12, "scripts"));
        sources.put(new RankedBootFileSources.Entry(images, 50, 11, "images"));
        sources.put(new RankedBootFileSources.Entry(late, 50, 13, "late"));
        assertEquals(List.of(scripts, images, late, directory), sources.snapshot());

        List<BootFileSource> before = sources.snapshot();
        sources.put(new RankedBootFileSources.Entry(directory, 200, 10, "directory"));
        assertEquals("a re-ranked source moves", List.of(directory, scripts, images, late), sources.snapshot());
        assertEquals("an old snapshot does not change", List.of(scripts, images, late, directory), before);

        sources.remove(12);
        assertEquals(List.of(directory, images, late), sources.snapshot());
    }

}
