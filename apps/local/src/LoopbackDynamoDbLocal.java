// Starts DynamoDB Local listening on 127.0.0.1 only. Its jar has no host option and binds every
// interface, which lets anyone on the network read and rewrite the tables. Run in Java's
// source-file mode (needs a JDK), with DynamoDB Local's jar and libraries on the class path:
//   java -cp DynamoDBLocal.jar:DynamoDBLocal_lib/* LoopbackDynamoDbLocal.java -port N ...
// It takes DynamoDB Local's own arguments and builds the server exactly as its main() does.
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    // The Jetty server is private to DynamoDBProxyServer; its connectors are not bound until start().
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server jetty = (Server) field.get(proxy);
    int bound = 0;
    for (Connector connector : jetty.getConnectors()) {
      if (connector instanceof ServerConnector) {
        ((ServerConnector) connector).setHost("127.0.0.1");
        bound++;
      }
    }
    // Never fall back to listening everywhere: a DynamoDB Local release that builds its server
    // differently stops here.
    if (bound == 0 || bound != jetty.getConnectors().length) {
      throw new IllegalStateException("DynamoDB Local's connectors could not be bound to 127.0.0.1");
    }
    proxy.start();
    proxy.join();
  }
}
