package dev.warden.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo.Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the warden.v1 contracts as protoc compiled them (the descriptor set the build writes
 * with source info): the RPCs each service must offer, and the style rules of the package
 * (documented elements, snake_case fields, prefixed enums with an UNSPECIFIED zero, one
 * Request/Response pair per RPC, Java options). Also pins that the module's classes directory,
 * hence its jar, holds nothing but .proto files.
 */
class ProtoContractTest {

  private static final String PACKAGE = "warden.v1";
  private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
  private static final Pattern UPPER_CAMEL = Pattern.compile("[A-Z][A-Za-z0-9]*");

  // Field numbers of descriptor.proto, used in SourceCodeInfo paths.
  private static final int FILE_MESSAGE = 4;
  private static final int FILE_ENUM = 5;
  private static final int FILE_SERVICE = 6;
  private static final int MESSAGE_FIELD = 2;
  private static final int MESSAGE_NESTED = 3;
  private static final int MESSAGE_ENUM = 4;
  private static final int MESSAGE_ONEOF = 8;
  private static final int ENUM_VALUE = 2;
  private static final int SERVICE_METHOD = 2;

  private static List<FileDescriptorProto> files;

  @BeforeAll
  static void readDescriptorSet() throws IOException {
    Path path = Path.of(System.getProperty("warden.proto.descriptor", "target/proto-check/warden-v1.desc"));
    try (InputStream in = Files.newInputStream(path)) {
      files = FileDescriptorSet.parseFrom(in).getFileList().stream()
          .filter(f -> f.getPackage().equals(PACKAGE))
          .toList();
    }
    assertFalse(files.isEmpty(), "no warden.v1 file in " + path);
  }

  @Test
  void servicesOfferTheDesignedRpcs() {
    assertEquals(Map.of(
            "Inference", Set.of("Generate", "Score", "HiddenStates", "ModelInfo", "LoadModel"),
            "Judge", Set.of("Score", "ScoreBatch", "BiasAudit", "AlignmentGeometry"),
            "Recovery", Set.of("SubmitRepair", "GetRepair", "ListRepairs", "CancelRepair", "WatchRepair")),
        services().stream().collect(Collectors.toMap(ServiceDescriptorProto::getName,
            s -> s.getMethodList().stream().map(MethodDescriptorProto::getName).collect(Collectors.toSet()))));
  }

  @Test
  void onlyGenerationAndRepairProgressStream() {
    Set<String> streaming = new HashSet<>();
    for (ServiceDescriptorProto service : services()) {
      for (MethodDescriptorProto method : service.getMethodList()) {
        assertFalse(method.getClientStreaming(), method.getName() + " must not stream requests");
        if (method.getServerStreaming()) {
          streaming.add(service.getName() + "." + method.getName());
        }
      }
    }
    assertEquals(Set.of("Inference.Generate", "Recovery.WatchRepair"), streaming);
  }

  @Test
  void everyRpcHasItsOwnRequestAndResponse() {
    Set<String> used = new HashSet<>();
    for (ServiceDescriptorProto service : services()) {
      for (MethodDescriptorProto method : service.getMethodList()) {
        String in = simpleName(method.getInputType());
        String out = simpleName(method.getOutputType());
        assertTrue(in.equals(method.getName() + "Request") || in.equals(service.getName() + method.getName() + "Request"),
            service.getName() + "." + method.getName() + " takes " + in);
        assertTrue(out.equals(method.getName() + "Response") || out.equals(service.getName() + method.getName() + "Response"),
            service.getName() + "." + method.getName() + " returns " + out);
        assertTrue(used.add(in), in + " serves two RPCs");
        assertTrue(used.add(out), out + " serves two RPCs");
      }
    }
  }

  @Test
  void filesUseThePackageAndJavaOptions() {
    for (FileDescriptorProto file : files) {
      assertTrue(file.getName().startsWith("warden/v1/"), file.getName());
      assertEquals("proto3", file.getSyntax(), file.getName());
      assertTrue(file.getOptions().getJavaMultipleFiles(), file.getName() + ": java_multiple_files");
      assertEquals("dev.warden.proto.v1", file.getOptions().getJavaPackage(), file.getName());
    }
  }

  @Test
  void everyElementIsDocumented() {
    List<String> undocumented = new ArrayList<>();
    for (FileDescriptorProto file : files) {
      Map<List<Integer>, String> comments = leadingComments(file);
      walk(file, (path, name) -> {
        String comment = comments.get(path);
        if (comment == null || comment.isBlank()) {
          undocumented.add(file.getName() + ": " + name);
        }
      });
    }
    assertEquals(List.of(), undocumented, "elements without a leading comment");
  }

  @Test
  void namesFollowTheStyle() {
    List<String> bad = new ArrayList<>();
    for (FileDescriptorProto file : files) {
      for (DescriptorProto message : file.getMessageTypeList()) {
        checkMessage(message, bad);
      }
      for (EnumDescriptorProto enumType : file.getEnumTypeList()) {
        checkEnum(enumType, bad);
      }
      for (ServiceDescriptorProto service : file.getServiceList()) {
        if (!UPPER_CAMEL.matcher(service.getName()).matches()) {
          bad.add("service " + service.getName());
        }
      }
    }
    assertEquals(List.of(), bad, "names breaking the style");
  }

  @Test
  void hazardTaxonomyIsLlamaGuard3() {
    EnumDescriptorProto hazard = files.stream().flatMap(f -> f.getEnumTypeList().stream())
        .filter(e -> e.getName().equals("HazardCategory")).findFirst().orElseThrow();
    Map<Integer, String> byNumber = new TreeMap<>();
    hazard.getValueList().forEach(v -> byNumber.put(v.getNumber(), v.getName()));
    assertEquals(15, byNumber.size());
    for (int s = 0; s <= 14; s++) {
      assertTrue(byNumber.containsKey(s), "S" + s + " missing");
    }
    assertEquals("HAZARD_CATEGORY_VIOLENT_CRIMES", byNumber.get(1));
    assertEquals("HAZARD_CATEGORY_CODE_INTERPRETER_ABUSE", byNumber.get(14));
  }

  @Test
  void moduleShipsOnlyProtoFiles() throws IOException {
    Path classes = Path.of(System.getProperty("warden.proto.classes", "target/classes"));
    try (Stream<Path> tree = Files.walk(classes)) {
      List<Path> others = tree.filter(Files::isRegularFile)
          .filter(p -> !p.toString().endsWith(".proto"))
          .toList();
      assertEquals(List.of(), others, "the proto jar must carry .proto files only");
    }
    assertTrue(Files.isRegularFile(classes.resolve("warden/v1/inference.proto")));
  }

  private static void checkMessage(DescriptorProto message, List<String> bad) {
    if (!UPPER_CAMEL.matcher(message.getName()).matches()) {
      bad.add("message " + message.getName());
    }
    for (FieldDescriptorProto field : message.getFieldList()) {
      if (!SNAKE_CASE.matcher(field.getName()).matches()) {
        bad.add("field " + message.getName() + "." + field.getName());
      }
    }
    message.getNestedTypeList().forEach(nested -> checkMessage(nested, bad));
    message.getEnumTypeList().forEach(nested -> checkEnum(nested, bad));
  }

  private static void checkEnum(EnumDescriptorProto enumType, List<String> bad) {
    String prefix = enumType.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase() + "_";
    EnumValueDescriptorProto zero = enumType.getValue(0);
    if (zero.getNumber() != 0 || !zero.getName().equals(prefix + "UNSPECIFIED")) {
      bad.add("enum " + enumType.getName() + " zero value " + zero.getName());
    }
    for (EnumValueDescriptorProto value : enumType.getValueList()) {
      if (!value.getName().startsWith(prefix)) {
        bad.add("enum value " + value.getName() + " lacks prefix " + prefix);
      }
    }
  }

  /** Visits every documentable element with its SourceCodeInfo path and a readable name. */
  private static void walk(FileDescriptorProto file, Visitor visitor) {
    for (int m = 0; m < file.getMessageTypeCount(); m++) {
      walkMessage(file.getMessageType(m), List.of(FILE_MESSAGE, m), visitor);
    }
    for (int e = 0; e < file.getEnumTypeCount(); e++) {
      walkEnum(file.getEnumType(e), List.of(FILE_ENUM, e), visitor);
    }
    for (int s = 0; s < file.getServiceCount(); s++) {
      ServiceDescriptorProto service = file.getService(s);
      List<Integer> path = List.of(FILE_SERVICE, s);
      visitor.visit(path, "service " + service.getName());
      for (int r = 0; r < service.getMethodCount(); r++) {
        visitor.visit(append(path, SERVICE_METHOD, r), "rpc " + service.getName() + "." + service.getMethod(r).getName());
      }
    }
  }

  private static void walkMessage(DescriptorProto message, List<Integer> path, Visitor visitor) {
    visitor.visit(path, "message " + message.getName());
    for (int f = 0; f < message.getFieldCount(); f++) {
      visitor.visit(append(path, MESSAGE_FIELD, f), "field " + message.getName() + "." + message.getField(f).getName());
    }
    for (int o = 0; o < message.getOneofDeclCount(); o++) {
      String oneof = message.getOneofDecl(o).getName();
      if (!oneof.startsWith("_")) { // synthetic oneofs of proto3 `optional` fields have no source
        visitor.visit(append(path, MESSAGE_ONEOF, o), "oneof " + message.getName() + "." + oneof);
      }
    }
    for (int n = 0; n < message.getNestedTypeCount(); n++) {
      walkMessage(message.getNestedType(n), append(path, MESSAGE_NESTED, n), visitor);
    }
    for (int e = 0; e < message.getEnumTypeCount(); e++) {
      walkEnum(message.getEnumType(e), append(path, MESSAGE_ENUM, e), visitor);
    }
  }

  private static void walkEnum(EnumDescriptorProto enumType, List<Integer> path, Visitor visitor) {
    visitor.visit(path, "enum " + enumType.getName());
    for (int v = 0; v < enumType.getValueCount(); v++) {
      visitor.visit(append(path, ENUM_VALUE, v), "enum value " + enumType.getValue(v).getName());
    }
  }

  private static Map<List<Integer>, String> leadingComments(FileDescriptorProto file) {
    Map<List<Integer>, String> comments = new HashMap<>();
    for (Location location : file.getSourceCodeInfo().getLocationList()) {
      if (location.hasLeadingComments()) {
        comments.put(List.copyOf(location.getPathList()), location.getLeadingComments());
      }
    }
    return comments;
  }

  private static List<Integer> append(List<Integer> path, int kind, int index) {
    List<Integer> longer = new ArrayList<>(path);
    longer.add(kind);
    longer.add(index);
    return List.copyOf(longer);
  }

  private List<ServiceDescriptorProto> services() {
    List<ServiceDescriptorProto> services = files.stream().flatMap(f -> f.getServiceList().stream()).toList();
    if (services.isEmpty()) {
      fail("no service in warden.v1");
    }
    return services;
  }

  private static String simpleName(String typeName) {
    return typeName.substring(typeName.lastIndexOf('.') + 1);
  }

  /** Receives one element of a .proto file. */
  @FunctionalInterface
  private interface Visitor {
    void visit(List<Integer> path, String name);
  }
}
