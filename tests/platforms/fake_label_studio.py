#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A Label Studio server written from its published API description
(../shared/specs/label-studio-openapi.yaml) and the notes in
../shared/specs/README.md alone, to hold Piecework's connector to the
platform rather than to its own assumptions.

It keeps state: projects with their label_config, tasks, annotations,
next/ locks (one task at a time per user and project), and refuses what a
careful server would: every body is checked strictly against the
labeling configuration (400 naming what is wrong), a repeated unique_id
answers 409, lists are paged (count/next/previous/results for projects,
tasks/total for tasks, 404 past the last page), personal access tokens are
JWT refresh tokens traded at /api/token/refresh/ for access tokens of a
settable lifetime (five minutes by default), and legacy keys are taken as
"Token KEY". Cloud media answer 303 to a second origin, a server of its
own, which records and reports any Authorization header it receives.

Faults and modes a test asks for: ignore unique_id (as older servers do),
drop the connection after committing the next N annotations, answer the
next N requests to /api/ (the token refresh too) with 503 (with or without
Retry-After), close kept-alive connections at random as a request comes,
answer badly (see MALFORMED), and fail or hold back media files by name,
wherever they are asked for (uploads, or the second origin behind a 303):
a held file comes a byte a second until the test lets it go.

Everything received is recorded. A test reads it at GET /_test/state and
changes modes with POST /_test/config; run alone, the script prints its
base URL on the first line of standard output and serves until killed:

    fake_label_studio.py --port 0 [--access-lifetime S] [--ignore-unique-id] [--behind-prism]
"""

import argparse
import base64
import hashlib
import http.server
import json
import os
import random
import re
import socketserver
import struct
import sys
import threading
import time
import urllib.parse
import uuid
import zlib

UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
LEGACY_KEY = "0123456789abcdef0123456789abcdef01234567"
SECRET = b"fake-label-studio"
USER = {"id": 7, "username": "ana", "email": "ana@example.com", "first_name": "Ana",
        "last_name": "Lima"}
OTHER_USER_ID = 9

IMAGE_CONFIG = """<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="box" toName="image">
    <Label value="car" background="#e01b24"/>
    <Label value="person" background="#3584e4" hotkey="5"/>
  </RectangleLabels>
  <PolygonLabels name="outline" toName="image">
    <Label value="road"/>
  </PolygonLabels>
  <Choices name="weather" toName="image" choice="single">
    <Choice value="sunny"/>
    <Choice value="rainy"/>
  </Choices>
</View>"""

TEXT_CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text">
    <Label value="PER"/>
    <Label value="ORG"/>
  </Labels>
</View>"""

AUDIO_CONFIG = """<View>
  <Audio name="audio" value="$audio"/>
  <Labels name="speaker" toName="audio">
    <Label value="speech"/>
  </Labels>
  <TextArea name="transcript" toName="audio"/>
</View>"""

# Label Studio's transcription template: a text for each region.
AUDIO_REGION_CONFIG = """<View>
  <Labels name="speaker" toName="audio">
    <Label value="speech"/>
    <Label value="noise"/>
  </Labels>
  <Audio name="audio" value="$audio"/>
  <TextArea name="said" toName="audio" rows="2" editable="true" perRegion="true" required="true"/>
</View>"""

# Two controls of each kind on one text: each label in one of them.
TWO_CONTROLS_CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text">
    <Label value="PER"/>
    <Label value="ORG"/>
  </Labels>
  <Labels name="pos" toName="text">
    <Label value="NOUN"/>
    <Label value="VERB"/>
  </Labels>
  <Choices name="tone" toName="text" choice="multiple">
    <Choice value="warm"/>
    <Choice value="curt"/>
  </Choices>
  <Choices name="topic" toName="text" choice="multiple">
    <Choice value="work"/>
    <Choice value="travel"/>
  </Choices>
</View>"""

# Label Studio's common text template: a sentiment of one answer under
# a Header and a topic of several, each its own Choices.
CHOICE_GROUPS_CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Header value="Sentiment"/>
  <Choices name="sentiment" toName="text" choice="single" required="true" showInline="true">
    <Choice value="positive"/>
    <Choice value="negative"/>
    <Choice value="neutral"/>
  </Choices>
  <Header value="Topic"/>
  <Choices name="topic" toName="text" choice="multiple">
    <Choice value="sports"/>
    <Choice value="politics"/>
  </Choices>
</View>"""

# An image with boxes and a question about the whole image, under names
# of its own.
BOX_AND_CHOICE_CONFIG = """<View>
  <Image name="photo" value="$picture"/>
  <RectangleLabels name="vehicle" toName="photo">
    <Label value="car"/>
    <Label value="bus"/>
  </RectangleLabels>
  <Choices name="light" toName="photo" choice="single">
    <Choice value="day"/>
    <Choice value="night"/>
  </Choices>
</View>"""

VIDEO_CONFIG = """<View>
  <Video name="video" value="$video"/>
  <VideoRectangle name="box" toName="video"/>
</View>"""


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make_jwt(payload):
    head = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64url(json.dumps(payload).encode())
    sig = b64url(hashlib.sha256(SECRET + f"{head}.{body}".encode()).digest())
    return f"{head}.{body}.{sig}"


def read_jwt(token):
    """The payload of a token this server signed, or None."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    sig = b64url(hashlib.sha256(SECRET + f"{parts[0]}.{parts[1]}".encode()).digest())
    if sig != parts[2]:
        return None
    try:
        return json.loads(b64url_decode(parts[1]))
    except ValueError:
        return None


def png(width, height, seed):
    rows = b"".join(b"\x00" + b"".join(bytes(((x * 7 + seed * 50) % 256, (y * 3) % 256, seed * 31 % 256))
                                        for x in range(width))
                    for y in range(height))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))

    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


# (config, name) of each Choices that takes one answer, as Label
# Studio's editor lets an annotator give.
SINGLE_CHOICES = set()


def parse_config(xml):
    """The controls of a config: name -> (type, to_name, values)."""
    controls = {}
    for match in re.finditer(r"<(RectangleLabels|PolygonLabels|Choices|Labels|TextArea)\s([^>]*?)(?:/>|>(.*?)</\1>)",
                             xml, re.S):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', match.group(2)))
        values = re.findall(r'<(?:Label|Choice)\s[^>]*value="([^"]*)"', match.group(3) or "")
        controls[attrs["name"]] = (match.group(1).lower(), attrs["toName"], values)
        if match.group(1) == "Choices" and attrs.get("choice") != "multiple":
            SINGLE_CHOICES.add((xml, attrs["name"]))
    objects = dict((name, (kind.lower(), key)) for kind, name, key in
                   re.findall(r'<(Image|Text|Audio|Video)\s+name="([^"]*)"\s+value="\$([^"]*)"', xml))
    return controls, objects


# Answers that are not what the API describes, each for the paths it
# matches: (path pattern, what a 200's JSON body becomes).
MALFORMED = {
    # A label_config that is not XML, in the project list and the project.
    "config-not-xml": (r"^/api/projects/(\d+/)?$",
                       lambda a: dict(a, results=[dict(p, label_config="<View><Image name=") for p in a["results"]])
                       if "results" in a else dict(a, label_config="{\"view\": [not xml")),
    # A page of tasks whose tasks are not a list.
    "tasks-not-array": (r"^/api/tasks/$", lambda a: dict(a, tasks={"id": 101})),
    # A whoami without the user's id.
    "whoami-without-id": (r"^/api/current-user/whoami$", lambda a: {k: v for k, v in a.items() if k != "id"}),
}


class Invalid(Exception):
    pass


def need(ok, message):
    if not ok:
        raise Invalid(message)


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_result(result, project, task):
    controls, objects = parse_config(project["label_config"])
    need(isinstance(result, list), "result must be a list")
    for i, item in enumerate(result):
        where = f"result[{i}]"
        need(isinstance(item, dict), f"{where} must be an object")
        allowed = {"id", "from_name", "to_name", "type", "value", "original_width",
                   "original_height", "image_rotation", "origin"}
        need(set(item) <= allowed, f"{where} has unknown members {sorted(set(item) - allowed)}")
        need(isinstance(item.get("id"), str) and item["id"], f"{where}.id must be a string")
        name = item.get("from_name")
        need(name in controls, f"{where}.from_name {name!r} is not a control of the config")
        kind, to_name, values = controls[name]
        need(item.get("to_name") == to_name, f"{where}.to_name must be {to_name!r}")
        need(item.get("type") == kind, f"{where}.type must be {kind!r}")
        value = item.get("value")
        need(isinstance(value, dict), f"{where}.value must be an object")
        object_kind, key = objects[to_name]
        if kind in ("rectanglelabels", "polygonlabels"):
            for size in ("original_width", "original_height"):
                need(isinstance(item.get(size), int) and item[size] > 0, f"{where}.{size} must be a positive integer")
            need(isinstance(value.get(kind), list) and len(value[kind]) == 1
                 and value[kind][0] in values, f"{where}.value.{kind} must name one label of the config")
        if kind == "rectanglelabels":
            need(set(value) <= {"x", "y", "width", "height", "rotation", kind}, f"{where}.value has unknown members")
            for member in ("x", "y", "width", "height", "rotation"):
                need(is_number(value.get(member)), f"{where}.value.{member} must be a number")
            need(0 <= value["x"] <= 100 and 0 <= value["y"] <= 100, f"{where} lies outside the image")
            need(value["width"] > 0 and value["height"] > 0, f"{where} is empty")
            # A turned rectangle turns about (x, y): its width and height
            # run along its own sides, not to the right and down.
            need(value["rotation"] != 0 or (value["x"] + value["width"] <= 100 + 1e-9
                                            and value["y"] + value["height"] <= 100 + 1e-9),
                 f"{where} lies outside the image")
        elif kind == "polygonlabels":
            need(set(value) <= {"points", "closed", kind}, f"{where}.value has unknown members")
            points = value.get("points")
            need(isinstance(points, list) and len(points) >= 3, f"{where}.value.points needs 3 points")
            for point in points:
                need(isinstance(point, list) and len(point) == 2 and all(is_number(c) and 0 <= c <= 100 for c in point),
                     f"{where}.value.points holds a point outside 0..100")
        elif kind == "choices":
            need(set(value) == {"choices"}, f"{where}.value must hold only choices")
            need(isinstance(value["choices"], list) and value["choices"]
                 and all(c in values for c in value["choices"]), f"{where}.value.choices must name choices of the config")
            need((project["label_config"], name) not in SINGLE_CHOICES or len(value["choices"]) == 1,
                 f"{where}.value.choices must hold one choice: {name!r} takes one")
        elif kind == "labels":
            need(isinstance(value.get("labels"), list) and len(value["labels"]) == 1
                 and value["labels"][0] in values, f"{where}.value.labels must name one label")
            if object_kind == "text":
                need(set(value) == {"start", "end", "text", "labels"}, f"{where}.value must hold start, end, text, labels")
                text = task["data"][key]
                need(isinstance(value["start"], int) and isinstance(value["end"], int)
                     and 0 <= value["start"] < value["end"] <= len(text), f"{where} offsets lie outside the text")
                need(value["text"] == text[value["start"]:value["end"]],
                     f"{where}.value.text is not the text between start and end (code points)")
            else:
                need(set(value) == {"start", "end", "labels"}, f"{where}.value must hold start, end, labels")
                need(is_number(value["start"]) and is_number(value["end"]) and 0 <= value["start"] < value["end"],
                     f"{where} times must be 0 <= start < end")
        elif kind == "textarea" and re.search(rf'<TextArea\s[^>]*name="{re.escape(name)}"[^>]*perRegion="true"',
                                              project["label_config"]):
            # A region's own text: the region's id, start and end.
            need(set(value) == {"start", "end", "text"} and isinstance(value["text"], list) and value["text"]
                 and all(isinstance(t, str) for t in value["text"]), f"{where}.value must hold start, end, text")
            regions = [r for r in result if isinstance(r, dict) and r.get("id") == item["id"]
                       and r.get("type") == "labels"]
            need(len(regions) == 1, f"{where} is the text of no region: its id names no labels result")
            need(regions[0]["value"].get("start") == value["start"] and regions[0]["value"].get("end") == value["end"],
                 f"{where} must have its region's start and end")
        elif kind == "textarea":
            need(set(value) == {"text"} and isinstance(value["text"], list)
                 and all(isinstance(t, str) for t in value["text"]), f"{where}.value.text must be a list of strings")


class State:
    def __init__(self, access_lifetime=300, ignore_unique_id=False, max_page_size=2):
        self.lock = threading.Lock()
        self.access_lifetime = access_lifetime
        self.ignore_unique_id = ignore_unique_id
        self.max_page_size = max_page_size
        self.drop_after_commit = 0
        # The next commit is held, its answer unsent, until release is set
        self.hold_next_commit = False
        self.held = threading.Event()
        self.release = threading.Event()
        # An annotator's list of annotations may leave out others' work
        self.list_annotations = True
        # Faults of the exactly-once tests: the next N requests to /api/
        # answer 503 with this Retry-After (or none); a kept-alive
        # connection is closed with this probability as a request comes,
        # before it is read.
        self.storm = 0
        self.storm_retry_after = "1"
        self.storm_request = None  # a pattern of the "METHOD PATH"s the storm meets, or None for all
        self.close_at_random = 0.0
        self.close_reused = 0  # and the next N requests on a kept-alive connection
        self.random = random.Random(19)
        self.connections = 0
        # A name of MALFORMED, for the next malformed_count answers
        self.malformed = None
        self.malformed_count = 0
        self.requests = []
        self.media_requests = []
        self.token_leaks = []
        self.refreshes = 0
        self.access_tokens = set()
        self.next_annotation = 1000
        self.locks = {}  # (user, project) -> task id
        self.locked_by = {}  # task id -> user
        # Media files, by name, that answer 503 or come a byte a second
        # until let go (media_let_go); media_held counts those coming now.
        self.fail_media = []
        self.hold_media = []
        self.media_let_go = threading.Event()
        self.media_held = 0
        self.media_origin = None
        self.proxy = None  # prism, the validating proxy, when in front
        self.spec_missing = False
        self.media = {}
        self.projects = [
            {"id": 1, "title": "Street scenes", "label_config": IMAGE_CONFIG, "expert_instruction": "Box every car."},
            {"id": 2, "title": "Names", "label_config": TEXT_CONFIG, "expert_instruction": ""},
            {"id": 3, "title": "Voices", "label_config": AUDIO_CONFIG, "expert_instruction": ""},
            {"id": 4, "title": "Clips", "label_config": VIDEO_CONFIG, "expert_instruction": ""},
        ]
        self.tasks = {}
        for i, name in enumerate(["a.png", "b.png", "c.png", "d.png"]):
            self.media[name] = png(64 + i, 48, i)
        self.add_task(101, 1, {"image": "/data/upload/1/a.png"})
        self.add_task(102, 1, {"image": "/tasks/102/resolve/?fileuri=" + base64.b64encode(b"s3://bucket/b.png").decode()})
        self.add_task(103, 1, {"image": "/data/upload/1/c.png"}, predictions=[{
            "id": 1, "model_version": "v1", "result": [
                {"id": "p1", "from_name": "box", "to_name": "image", "type": "rectanglelabels",
                 "original_width": 66, "original_height": 48, "image_rotation": 0,
                 "value": {"x": 25.0, "y": 50.0, "width": 50.0, "height": 25.0, "rotation": 0,
                           "rectanglelabels": ["car"]}}]}])
        self.add_task(104, 1, {"image": "/data/upload/1/d.png"})
        self.add_task(201, 2, {"text": "Zoë met the GNOME team 🎉 in Brno."})
        self.add_task(202, 2, {"text": "Ana wrote to Mozilla."})
        self.add_task(301, 3, {"audio": "/data/upload/3/a.png"})
        # Work waits in the video project, which a client may list but not open
        self.add_task(401, 4, {"video": "/data/upload/4/a.mp4"})

    def add_turned(self):
        """Project 5: an image project whose tasks' predictions hold
        rectangles turned about their top-left corner, as Label Studio
        keeps them."""
        self.projects.append({"id": 5, "title": "Turned", "label_config": IMAGE_CONFIG, "expert_instruction": ""})
        for task_id, value in ((501, {"x": 25.0, "y": 25.0, "width": 50.0, "height": 25.0, "rotation": 90.0}),
                               (502, {"x": 50.0, "y": 10.0, "width": 25.0, "height": 25.0, "rotation": 30.0})):
            self.add_task(task_id, 5, {"image": "/data/upload/5/a.png"}, predictions=[{
                "id": task_id, "model_version": "v1", "result": [
                    {"id": f"turned-{task_id}", "from_name": "box", "to_name": "image", "type": "rectanglelabels",
                     "original_width": 64, "original_height": 48, "image_rotation": 0,
                     "value": dict(value, rectanglelabels=["car"])}]}])

    def add_two_controls(self):
        """Project 6: a text with two Labels and two Choices, a
        prediction on task 601 from each."""
        self.projects.append({"id": 6, "title": "Letters", "label_config": TWO_CONTROLS_CONFIG,
                              "expert_instruction": ""})

        def span(result_id, name, start, end, text, label):
            return {"id": result_id, "from_name": name, "to_name": "text", "type": "labels",
                    "value": {"start": start, "end": end, "text": text, "labels": [label]}}

        def choices(result_id, name, values):
            return {"id": result_id, "from_name": name, "to_name": "text", "type": "choices",
                    "value": {"choices": values}}

        self.add_task(601, 6, {"text": "Ana wrote to Mozilla."}, predictions=[{
            "id": 601, "model_version": "v1", "result": [
                span("n1", "ner", 0, 3, "Ana", "PER"), span("p1", "pos", 4, 9, "wrote", "VERB"),
                choices("c1", "tone", ["warm"]), choices("c2", "topic", ["work"])]}])
        self.add_task(602, 6, {"text": "Leo flew to Oslo."})

    def add_choice_groups(self):
        """Project 7: a text asked two questions, a sentiment of one
        answer and a topic of several; task 701 has a prediction of
        each."""
        self.projects.append({"id": 7, "title": "Reviews", "label_config": CHOICE_GROUPS_CONFIG,
                              "expert_instruction": ""})
        self.add_task(701, 7, {"text": "What a match!"}, predictions=[{
            "id": 701, "model_version": "v1", "result": [
                {"id": "t1", "from_name": "topic", "to_name": "text", "type": "choices",
                 "value": {"choices": ["sports", "politics"]}},
                {"id": "s1", "from_name": "sentiment", "to_name": "text", "type": "choices",
                 "value": {"choices": ["positive"]}}]}])
        self.add_task(702, 7, {"text": "The vote is close."})

    def add_box_and_choice(self):
        """Project 8: images with boxes and a choice about each image,
        two tasks."""
        self.projects.append({"id": 8, "title": "Traffic", "label_config": BOX_AND_CHOICE_CONFIG,
                              "expert_instruction": "Box each vehicle; say whether it is day or night."})
        self.media["traffic-1.png"] = png(160, 120, 5)
        self.media["traffic-2.png"] = png(120, 160, 6)
        self.add_task(801, 8, {"picture": "/data/upload/8/traffic-1.png"})
        self.add_task(802, 8, {"picture": "/tasks/802/resolve/?fileuri="
                               + base64.b64encode(b"s3://bucket/traffic-2.png").decode()})

    def add_media_projects(self):
        """Projects 9 (images) and 10 (audio) of two tasks each, one file
        uploaded and one in cloud storage, files of their own."""
        for project, title, config, key in ((9, "Shelves", IMAGE_CONFIG, "image"),
                                            (10, "Calls", AUDIO_CONFIG, "audio")):
            self.projects.append({"id": project, "title": title, "label_config": config, "expert_instruction": ""})
            uploaded, stored = f"{key}-{project}-1.png", f"{key}-{project}-2.png"
            self.media[uploaded] = png(40, 30, project)
            self.media[stored] = png(30, 40, project + 1)
            self.add_task(project * 100 + 1, project, {key: f"/data/upload/{project}/{uploaded}"})
            self.add_task(project * 100 + 2, project, {key: f"/tasks/{project * 100 + 2}/resolve/?fileuri="
                                                       + base64.b64encode(f"s3://bucket/{stored}".encode()).decode()})

    def add_task(self, task_id, project, data, predictions=()):
        self.tasks[task_id] = {"id": task_id, "project": project, "data": data, "annotations": [],
                               "predictions": list(predictions)}

    def project(self, project_id):
        for project in self.projects:
            if project["id"] == project_id:
                counts = [t for t in self.tasks.values() if t["project"] == project_id]
                return dict(project, task_number=len(counts),
                            num_tasks_with_annotations=sum(1 for t in counts if t["annotations"]))
        return None

    def task_json(self, task):
        return dict(task, total_annotations=len(task["annotations"]),
                    total_predictions=len(task["predictions"]), is_labeled=bool(task["annotations"]))

    def snapshot(self):
        return {"requests": self.requests, "media_requests": self.media_requests,
                "token_leaks": self.token_leaks, "refreshes": self.refreshes, "media_held": self.media_held,
                "annotations": {str(k): t["annotations"] for k, t in self.tasks.items()},
                "locks": {f"{u}:{p}": t for (u, p), t in self.locks.items()}}


class Dropped(Exception):
    pass


class Trickle(Exception):
    """A held media file, sent once the state's lock is let go."""
    def __init__(self, data):
        super().__init__()
        self.data = data


def media_answer(st, name):
    """What a request for the media file @name gets, under the state's
    lock: (status, data, held)."""
    data = st.media.get(name)
    if data is None:
        return 404, b"", False
    if name in st.fail_media:
        return 503, b"", False
    if name in st.hold_media:
        st.media_held += 1
        return 200, data, True
    return 200, data, False


def trickle(st, wfile, data):
    """Sends a held file a byte a second, as on a slow line that never
    goes quiet, then the rest once the test lets it go; False where the
    client went away."""
    sent = 0
    try:
        while not st.media_let_go.wait(1) and sent < len(data) - 1:
            wfile.write(data[sent:sent + 1])
            wfile.flush()
            sent += 1
        st.media_let_go.wait(120)
        wfile.write(data[sent:])
        return True
    except OSError:
        return False
    finally:
        with st.lock:
            st.media_held -= 1


class Held(Exception):
    def __init__(self, answer):
        super().__init__()
        self.answer = answer


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state = None

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        with self.state.lock:
            self.state.connections += 1
            self.connection_id = self.state.connections
        self.n_on_connection = 0

    def answer(self, status, body=None, headers=()):
        st = self.state
        path = urllib.parse.urlsplit(self.path).path
        if (status == 200 and body is not None and st.malformed is not None and st.malformed_count > 0
                and re.search(MALFORMED[st.malformed][0], path)):
            st.malformed_count -= 1
            body = MALFORMED[st.malformed][1](body)
            self.record["malformed"] = st.malformed
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.record["status"] = status

    def head(self, status, length, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        self.record["status"] = status

    def raw(self, status, data, content_type):
        self.head(status, len(data), content_type)
        self.wfile.write(data)

    def user(self):
        """The user of the request's Authorization, or None (401 sent)."""
        header = self.headers.get("Authorization")
        if header is not None and header.startswith("Bearer "):
            payload = read_jwt(header[7:])
            if (payload is not None and payload.get("token_type") == "access"
                    and header[7:] in self.state.access_tokens and payload["exp"] > time.time()):
                return payload["user_id"]
            self.answer(401, {"detail": "Given token not valid for any token type", "code": "token_not_valid"})
            return None
        if header is not None and header == f"Token {LEGACY_KEY}":
            return USER["id"]
        self.answer(401, {"detail": "Authentication credentials were not provided."})
        return None

    def body(self):
        data = self.raw_body
        self.record["body"] = data.decode("utf-8", "replace")
        if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            raise Invalid("the body must be application/json")

        def no_duplicates(pairs):
            keys = [k for k, _ in pairs]
            if len(keys) != len(set(keys)):
                raise Invalid("a member appears twice")
            return dict(pairs)

        def no_constants(name):
            raise Invalid(f"{name} is not JSON")
        try:
            return json.loads(data.decode("utf-8"), object_pairs_hook=no_duplicates, parse_constant=no_constants)
        except (ValueError, UnicodeDecodeError) as error:
            raise Invalid(f"the body is not JSON: {error}")

    def handle_one(self, method):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        self.n_on_connection += 1
        self.record = {"method": method, "path": self.path, "authorization": self.headers.get("Authorization"),
                       "body": None, "connection": self.connection_id, "n_on_connection": self.n_on_connection}
        st = self.state
        held = trickled = None
        with st.lock:
            st.requests.append(self.record)
            api = url.path.startswith("/api/")
            # A kept-alive connection closed as the next request comes, as
            # an idle timeout meets a request on the way: nothing is read.
            close = (api and self.n_on_connection > 1 and st.close_at_random > 0
                     and st.random.random() < st.close_at_random)
            if api and self.n_on_connection > 1 and st.close_reused > 0:
                st.close_reused -= 1
                close = True
            if close:
                self.record["status"] = "closed before reading"
                self.close_connection = True
                return
        # The body is read before the state is taken: a client may send it
        # later than its headers, and the test's own requests must not wait
        # for it.
        length = int(self.headers.get("Content-Length", "0"))
        self.raw_body = self.rfile.read(length) if length else b""
        with st.lock:
            try:
                if api and st.storm > 0 and (st.storm_request is None
                                                  or re.search(st.storm_request, f"{method} {url.path}")):
                    st.storm -= 1
                    retry = [("Retry-After", st.storm_retry_after)] if st.storm_retry_after else []
                    return self.answer(503, {"detail": "Service unavailable, down for a moment."}, retry)
                self.route(method, url.path, query)
            except Invalid as error:
                self.record["detail"] = str(error)
                self.answer(400, {"detail": str(error)})
            except Dropped:
                self.close_connection = True
                self.record["status"] = "dropped"
            except Held as hold:
                held = hold.answer
            except Trickle as slow:
                trickled = slow.data
        if trickled is not None:
            if not trickle(st, self.wfile, trickled):
                self.close_connection = True
            return
        if held is not None:
            st.held.set()
            st.release.wait()
            try:
                self.answer(201, held)
            except OSError:
                self.record["status"] = "held, client gone"

    def do_GET(self):
        self.handle_one("GET")

    def do_POST(self):
        self.handle_one("POST")

    def do_PATCH(self):
        self.handle_one("PATCH")

    def do_PUT(self):
        self.handle_one("PUT")

    def do_DELETE(self):
        self.handle_one("DELETE")

    def page(self, query):
        try:
            page = int(query.get("page", ["1"])[0])
            size = int(query.get("page_size", ["100"])[0])
        except ValueError:
            raise Invalid("page and page_size must be integers")
        need(page >= 1 and size >= 1, "page and page_size must be positive")
        return page, min(size, self.state.max_page_size)

    def route(self, method, path, query):
        st = self.state
        m = None

        if path == "/_test/state" and method == "GET":
            return self.answer(200, st.snapshot())
        if path == "/_test/reset" and method == "POST":
            self.body()
            fresh = State()
            for key, value in vars(fresh).items():
                if key not in ("lock", "media_origin", "held", "release", "proxy", "spec_missing", "media_let_go",
                               "media_held"):
                    setattr(st, key, value)
            st.media_let_go.set()
            return self.answer(200, {})
        if path == "/_test/violations" and method == "GET":
            if st.proxy is None:
                return self.answer(200, {"behind_prism": False, "violations": 0, "report": "",
                                         "spec_missing": st.spec_missing})
            return self.answer(200, {"behind_prism": True, "violations": len(st.proxy.violations()),
                                     "report": st.proxy.report(), "exchanges": len(st.proxy.exchanges())})
        if path == "/_test/config" and method == "POST":
            config = self.body()
            for key in ("access_lifetime", "ignore_unique_id", "drop_after_commit", "list_annotations",
                        "storm", "storm_retry_after", "storm_request", "close_at_random", "close_reused", "malformed", "malformed_count"):
                if key in config:
                    setattr(st, key, config[key])
            need(st.malformed is None or st.malformed in MALFORMED, f"malformed is one of {sorted(MALFORMED)}")
            if "seed" in config:
                st.random = random.Random(config["seed"])
            if "expire_access" in config:
                st.access_tokens.clear()
            if config.get("audio_per_region"):
                st.projects[2]["label_config"] = AUDIO_REGION_CONFIG
            if config.get("turned"):
                st.add_turned()
            if config.get("two_controls"):
                st.add_two_controls()
            if config.get("choice_groups"):
                st.add_choice_groups()
            if config.get("box_and_choice"):
                st.add_box_and_choice()
            if config.get("media_projects"):
                st.add_media_projects()
            if "fail_media" in config:
                need(isinstance(config["fail_media"], list), "fail_media is a list of file names")
                st.fail_media = config["fail_media"]
            if "hold_media" in config:
                need(isinstance(config["hold_media"], list), "hold_media is a list of file names")
                st.media_let_go.clear()
                st.hold_media = config["hold_media"]
            if config.get("let_media_go"):
                st.hold_media = []
                st.media_let_go.set()
            return self.answer(200, {})

        if path == "/api/token/refresh/" and method == "POST":
            if self.headers.get("Authorization") is not None and self.user() is None:
                return
            body = self.body()
            need(isinstance(body, dict) and set(body) == {"refresh"} and isinstance(body["refresh"], str),
                 "the body must be {\"refresh\": TOKEN}")
            payload = read_jwt(body["refresh"])
            if payload is None or payload.get("token_type") != "refresh":
                return self.answer(401, {"detail": "Token is invalid or expired", "code": "token_not_valid"})
            st.refreshes += 1
            access = make_jwt({"token_type": "access", "exp": int(time.time()) + st.access_lifetime,
                               "user_id": payload["user_id"], "jti": uuid.uuid4().hex})
            st.access_tokens.add(access)
            return self.answer(200, {"access": access})

        if method == "GET" and (m := re.fullmatch(r"/data/upload/(\d+)/([\w.-]+)", path)):
            if self.user() is None:
                return
            status, data, held = media_answer(st, m.group(2))
            if status == 404:
                return self.answer(404, {"detail": "Not found."})
            if status == 503:
                return self.answer(503, {"detail": "The file cannot be read now."})
            if held:
                self.head(200, len(data), "image/png")
                raise Trickle(data)
            return self.raw(200, data, "image/png")

        if method == "GET" and (m := re.fullmatch(r"/tasks/(\d+)/resolve/", path)):
            if self.user() is None:
                return
            try:
                uri = base64.b64decode(query["fileuri"][0]).decode()
            except (KeyError, ValueError):
                raise Invalid("fileuri must be base64")
            name = uri.rsplit("/", 1)[-1]
            return self.answer(303, None, [("Location", f"{st.media_origin}/presigned/{name}?X-Signature=abc")])

        if not path.startswith("/api/"):
            return self.answer(404, {"detail": "Not found."})
        user = self.user()
        if user is None:
            return

        if path == "/api/current-user/whoami" and method == "GET":
            return self.answer(200, dict(USER, avatar=None, initials="AL", last_activity="2026-12-01T10:00:00Z",
                                         active_organization=1))

        if path == "/api/projects/" and method == "GET":
            page, size = self.page(query)
            projects = [st.project(p["id"]) for p in st.projects]
            start = (page - 1) * size
            if start >= len(projects) and page > 1:
                return self.answer(404, {"detail": "Invalid page."})
            base = f"http://{self.headers['Host']}/api/projects/?page_size={size}&page="
            return self.answer(200, {"count": len(projects),
                                     "next": base + str(page + 1) if start + size < len(projects) else None,
                                     "previous": base + str(page - 1) if page > 1 else None,
                                     "results": projects[start:start + size]})

        if method == "GET" and (m := re.fullmatch(r"/api/projects/(\d+)/", path)):
            project = st.project(int(m.group(1)))
            return self.answer(200, project) if project else self.answer(404, {"detail": "Not found."})

        if method == "GET" and (m := re.fullmatch(r"/api/projects/(\d+)/next/", path)):
            project_id = int(m.group(1))
            if st.project(project_id) is None:
                return self.answer(404, {"detail": "Not found."})
            held = st.locks.get((user, project_id))
            if held is not None and not any(a["completed_by"] == user for a in st.tasks[held]["annotations"]):
                return self.answer(200, st.task_json(st.tasks[held]))
            for task in st.tasks.values():
                if (task["project"] == project_id and not task["annotations"]
                        and st.locked_by.get(task["id"], user) == user):
                    st.locks[(user, project_id)] = task["id"]
                    st.locked_by[task["id"]] = user
                    return self.answer(200, st.task_json(task))
            return self.answer(404, {"detail": "There are no more tasks to label."})

        if path == "/api/tasks/" and method == "GET":
            need("project" in query and query["project"][0].isdigit(), "project must be an integer")
            need(query.get("fields", ["task_only"])[0] in ("all", "task_only"), "fields must be all or task_only")
            page, size = self.page(query)
            tasks = [st.task_json(t) for t in st.tasks.values() if t["project"] == int(query["project"][0])]
            start = (page - 1) * size
            if start >= len(tasks) and page > 1:
                return self.answer(404, {"detail": "Invalid page."})
            return self.answer(200, {"tasks": tasks[start:start + size], "total": len(tasks),
                                     "total_annotations": sum(t["total_annotations"] for t in tasks),
                                     "total_predictions": sum(t["total_predictions"] for t in tasks)})

        if (m := re.fullmatch(r"/api/tasks/(\d+)/", path)) and method == "GET":
            task = st.tasks.get(int(m.group(1)))
            return self.answer(200, st.task_json(task)) if task else self.answer(404, {"detail": "Not found."})

        if m := re.fullmatch(r"/api/tasks/(\d+)/annotations/", path):
            task = st.tasks.get(int(m.group(1)))
            if task is None:
                return self.answer(404, {"detail": "Not found."})
            if method == "GET":
                return self.answer(200, task["annotations"] if st.list_annotations else [])
            if method != "POST":
                return self.answer(405, {"detail": "Method not allowed."})
            body = self.body()
            need(isinstance(body, dict), "the body must be an object")
            allowed = {"result", "lead_time", "unique_id", "was_cancelled", "ground_truth"}
            need(set(body) <= allowed, f"unknown members {sorted(set(body) - allowed)}")
            need("result" in body, "result is required")
            need("lead_time" not in body or (is_number(body["lead_time"]) and body["lead_time"] >= 0),
                 "lead_time must be a number of seconds")
            need("unique_id" not in body or (isinstance(body["unique_id"], str) and UUID_RE.match(body["unique_id"])),
                 "unique_id must be a UUID")
            check_result(body["result"], st.project(task["project"]), task)
            key = body.get("unique_id")
            if key is not None and not st.ignore_unique_id:
                for other in st.tasks.values():
                    if any(a.get("unique_id") == key for a in other["annotations"]):
                        return self.answer(409, {"detail": "Annotation with this unique id already exists."})
            st.next_annotation += 1
            annotation = {"id": st.next_annotation, "task": task["id"], "project": task["project"],
                          "completed_by": user, "result": body["result"],
                          "lead_time": body.get("lead_time"), "was_cancelled": body.get("was_cancelled", False),
                          "ground_truth": False, "created_at": "2026-12-07T00:00:00Z"}
            if not st.ignore_unique_id:
                annotation["unique_id"] = key
            task["annotations"].append(annotation)
            if st.drop_after_commit > 0:
                st.drop_after_commit -= 1
                raise Dropped()
            if st.hold_next_commit:
                st.hold_next_commit = False
                raise Held(annotation)
            return self.answer(201, annotation)

        return self.answer(404, {"detail": "Not found."})


class MediaHandler(http.server.BaseHTTPRequestHandler):
    """The storage a presigned URL leads to: another origin, which must
    never see the Label Studio token."""
    protocol_version = "HTTP/1.1"
    state = None

    def log_message(self, *args):
        pass

    def do_GET(self):
        st = self.state
        with st.lock:
            st.media_requests.append({"path": self.path, "authorization": self.headers.get("Authorization")})
            held = False
            if self.headers.get("Authorization") is not None:
                st.token_leaks.append(self.path)
                data, status = b"", 403
            else:
                m = re.fullmatch(r"/presigned/([\w.-]+)\?X-Signature=abc", self.path)
                status, data, held = media_answer(st, m.group(1)) if m else (404, b"", False)
        self.send_response(status)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(data) if status == 200 else 0))
        self.end_headers()
        if held:
            if not trickle(st, self.wfile, data):
                self.close_connection = True
        elif status == 200:
            self.wfile.write(data)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class FakeLabelStudio:
    def __init__(self, port=0, **options):
        self.state = State(**options)
        handler = type("BoundHandler", (Handler,), {"state": self.state})
        media = type("BoundMedia", (MediaHandler,), {"state": self.state})
        self.server = Server(("127.0.0.1", port), handler)
        self.media_server = Server(("127.0.0.1", 0), media)
        # The second origin: another port on another loopback address
        self.state.media_origin = f"http://localhost:{self.media_server.server_address[1]}"
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.threads = [threading.Thread(target=s.serve_forever, daemon=True)
                        for s in (self.server, self.media_server)]
        for thread in self.threads:
            thread.start()

    def stop(self):
        for server in (self.server, self.media_server):
            server.shutdown()
            server.server_close()


def personal_access_token(user_id=USER["id"]):
    return make_jwt({"token_type": "refresh", "exp": int(time.time()) + 86400 * 365, "user_id": user_id,
                     "jti": uuid.uuid4().hex})


def announce(lines):
    """Writes the lines a test reads at start in one write, before it can
    close its end, and keeps serving if it has stopped reading anyway."""
    try:
        os.write(sys.stdout.fileno(), ("\n".join(lines) + "\n").encode())
    except BrokenPipeError:
        pass
    # Nothing more goes to standard output: a later print must not end the
    # fake when the test has closed the pipe.
    sys.stdout = open(os.devnull, "w")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--access-lifetime", type=int, default=300)
    parser.add_argument("--ignore-unique-id", action="store_true")
    parser.add_argument("--behind-prism", action="store_true",
                        help="put prism, the validating proxy of the published spec, in front: the "
                             "first line is then its URL, and a fourth line gives the fake's own for "
                             "/_test/ requests (GET /_test/violations lists what prism refused)")
    args = parser.parse_args()
    fake = FakeLabelStudio(args.port, access_lifetime=args.access_lifetime,
                           ignore_unique_id=args.ignore_unique_id)
    url = fake.url
    proxy = None
    if args.behind_prism:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import prism  # noqa: E402
        try:
            proxy = prism.Proxy("label-studio", fake.url.rstrip("/"), gaps=prism.KNOWN_GAPS["label-studio"])
            proxy.__enter__()
            fake.state.proxy = proxy
            url = proxy.url.rstrip("/") + "/"
        except prism.Unavailable as error:
            print(f"# prism is not in front: {error}", file=sys.stderr, flush=True)
            fake.state.spec_missing = isinstance(error, prism.SpecMissing)
    lines = [url, personal_access_token(), LEGACY_KEY]
    if args.behind_prism:
        lines.append(fake.url)
    announce(lines)
    # Ends with the test that started it: when standard input closes.
    try:
        while sys.stdin.read(4096):
            pass
    except KeyboardInterrupt:
        pass
    if proxy is not None:
        proxy.close()
    fake.stop()


if __name__ == "__main__":
    main()
