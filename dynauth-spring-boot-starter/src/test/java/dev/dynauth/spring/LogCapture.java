package dev.dynauth.spring;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** Every log line (message and any stack trace, as a log file would hold them) while attached to the root logger. */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    public final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger root;

    private LogCapture() {
        root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        setContext(root.getLoggerContext());
        start();
        root.addAppender(this);
    }

    public static LogCapture start_() {
        return new LogCapture();
    }

    @Override
    protected void append(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append("\n").append(t.getClassName()).append(": ").append(t.getMessage());
            for (StackTraceElementProxy s : t.getStackTraceElementProxyArray()) {
                b.append("\n\t").append(s.getSTEAsString());
            }
        }
        lines.add(b.toString());
    }

    /** Lines holding a stack trace. */
    public List<String> withStackTraces() {
        return lines.stream().filter(l -> l.contains("\n\tat ")).toList();
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
    }
}
